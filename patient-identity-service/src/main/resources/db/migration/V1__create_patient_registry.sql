-- One row per person as the platform knows them; source records of one person share its EUID.
create table enterprise_patient (
    euid       uuid        primary key,
    created_at timestamptz not null
);

-- A patient as one assigning authority knows them, with the demographics last reported.
create table source_patient (
    id                  bigint generated always as identity primary key,
    euid                uuid        not null references enterprise_patient (euid),
    assigning_authority text        not null,
    identifier_value    text        not null,
    family_name         text,
    birth_date          date,
    sex                 text,
    demographics        jsonb       not null,
    source_facility     text        not null,
    last_control_id     text        not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             int         not null,
    constraint source_patient_once unique (assigning_authority, identifier_value)
);

create index source_patient_euid on source_patient (euid);

-- Every identifier a source record carries (PID-3 repetitions), for lookups by any of them.
create table patient_identifier (
    source_patient_id   bigint not null references source_patient (id) on delete cascade,
    assigning_authority text   not null,
    identifier_value    text   not null,
    type_code           text,
    primary key (source_patient_id, assigning_authority, identifier_value)
);

create index patient_identifier_lookup on patient_identifier (assigning_authority, identifier_value);
