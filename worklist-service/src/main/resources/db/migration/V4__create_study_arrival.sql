-- The archive's studies as far as the worklist needs them (a read model fed by archive.study.v1): which scheduled
-- studies have images, how many, and whether the study fell quiet (stable), so the REST API shows each step's images.
create table study_arrival (
    study_instance_uid text        primary key,
    site               text,
    accession_number   text,
    filing             text        not null,
    modalities         text[]      not null default '{}',
    number_of_series   integer     not null,
    number_of_instances integer    not null,
    first_instance_at  timestamptz not null,
    last_event_at      timestamptz not null,
    stable_at          timestamptz
);

create index study_arrival_accession on study_arrival (site, accession_number);
