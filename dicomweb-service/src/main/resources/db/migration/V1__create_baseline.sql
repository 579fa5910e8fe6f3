-- Baseline of dicomweb-service's schema; its tables arrive with the features that need them.
comment on schema ${flyway:defaultSchema} is 'dicomweb-service: the image archive index';
