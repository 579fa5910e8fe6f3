-- Housekeeping removes published outbox rows and applied inbox rows after their retention: find them by time.
create index outbox_event_published on outbox_event (published_at) where published_at is not null;
create index inbox_processed_event_processed on inbox_processed_event (processed_at);
