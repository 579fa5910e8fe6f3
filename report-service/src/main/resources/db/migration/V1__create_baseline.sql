-- Baseline of report-service's schema; its tables arrive with the features that need them.
comment on schema ${flyway:defaultSchema} is 'report-service: reports and their deliveries';
