-- Baseline of worklist-service's schema; its tables arrive with the features that need them.
comment on schema ${flyway:defaultSchema} is 'worklist-service: scheduled procedure steps, MWL and MPPS';
