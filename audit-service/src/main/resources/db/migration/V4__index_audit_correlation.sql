-- GET /api/audit/events?correlation=: the records one request (its X-Correlation-Id) caused.
-- A derived index only; the chain and the stored rows are unchanged.
create index audit_record_correlation on audit_record (((canonical::jsonb -> 'record') ->> 'correlationId'));
