-- Baseline of audit-service's schema; its tables arrive with the features that need them.
comment on schema ${flyway:defaultSchema} is 'audit-service: the tamper-evident audit trail';
