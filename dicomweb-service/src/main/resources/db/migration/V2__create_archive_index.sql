-- The archive's index: studies, series and instances with the attributes QIDO-RS matches on, the stored file of
-- each instance (content-addressed blob), and the header as DICOM JSON for metadata responses. Patient columns of
-- a study hold the patient it is filed under now (after MPI merges and updates); the attributes the modality sent
-- stay untouched in the stored file and in instance.metadata.

create table study (
    study_pk                 bigserial   primary key,
    study_instance_uid       text        not null unique,
    -- the patient the study is filed under (coerced on retrieval), and where its identifier comes from
    patient_id               text,
    issuer_of_patient_id     text,
    patient_name             text,
    -- upper-cased alphabetic name without separators' trailing empties, for case-insensitive and fuzzy matching
    patient_name_search      text,
    patient_birth_date       text,
    patient_sex              text,
    euid                     uuid,
    site                     text,
    study_date               text,
    study_time               text,
    accession_number         text,
    study_id                 text,
    study_description        text,
    referring_physician_name text,
    modalities_in_study      text[]      not null default '{}',
    sop_classes_in_study     text[]      not null default '{}',
    number_of_series         integer     not null default 0,
    number_of_instances      integer     not null default 0,
    -- FILED: served as matched; HELD: its Patient ID contradicts its order, waiting for an admin (not served)
    filing                   text        not null default 'FILED' check (filing in ('FILED', 'HELD')),
    held_reason              text,
    -- the worklist step it belongs to (<site>|<accession number>), once linked
    order_key                text,
    -- study-level attributes of the configurable extra list, DICOM JSON object
    extra_attributes         jsonb       not null default '{}',
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    last_instance_at         timestamptz not null,
    -- when the last StudyStable event went out; null while instances keep arriving
    stable_published_at      timestamptz
);

create index study_patient_id on study (patient_id, issuer_of_patient_id);
create index study_euid on study (euid);
create index study_date_time on study (study_date, study_time);
create index study_accession on study (accession_number);
create index study_name_search on study (patient_name_search text_pattern_ops);
create index study_last_instance on study (last_instance_at) where stable_published_at is null;
create index study_held on study (filing) where filing = 'HELD';

create table series (
    series_pk                bigserial   primary key,
    study_pk                 bigint      not null references study (study_pk) on delete cascade,
    series_instance_uid      text        not null unique,
    modality                 text,
    series_number            integer,
    series_description       text,
    body_part_examined       text,
    performed_procedure_step_start_date text,
    performed_procedure_step_start_time text,
    number_of_instances      integer     not null default 0,
    extra_attributes         jsonb       not null default '{}',
    created_at               timestamptz not null,
    updated_at               timestamptz not null
);

create index series_study on series (study_pk);
create index series_modality on series (modality);

create table instance (
    instance_pk              bigserial   primary key,
    series_pk                bigint      not null references series (series_pk) on delete cascade,
    study_pk                 bigint      not null references study (study_pk) on delete cascade,
    sop_instance_uid         text        not null unique,
    sop_class_uid            text        not null,
    instance_number          integer,
    transfer_syntax_uid      text        not null,
    -- the stored Part 10 file: blob key (derived from its digest), SHA-256 (hex) and size
    blob_key                 text        not null,
    sha256                   text        not null,
    size_bytes               bigint      not null,
    -- SHA-256 of the data set without the File Meta Information (which names the sender): a resend of the same
    -- instance in the same transfer syntax has the same one, whoever sends it
    dataset_sha256           text        not null,
    rows                     integer,
    columns                  integer,
    number_of_frames         integer,
    -- where the top-level Pixel Data element's value starts in the stored file and how long it is (-1: undefined,
    -- encapsulated); null when the instance has no pixel data
    pixel_data_offset        bigint,
    pixel_data_length        bigint,
    -- the header as received, DICOM JSON (PS3.18 F.2) with bulk data values left out (their tags listed in
    -- bulk_data_tags), so that metadata responses are assembled without opening files
    metadata                 jsonb       not null,
    bulk_data_tags           text[]      not null default '{}',
    extra_attributes         jsonb       not null default '{}',
    received_via             text        not null check (received_via in ('DIMSE', 'STOW')),
    received_from            text        not null,
    received_at              timestamptz not null
);

create index instance_series on instance (series_pk);
create index instance_study on instance (study_pk);
create index instance_blob on instance (blob_key);

-- A second copy of a known SOP Instance UID with other content, kept (not served) under the duplicate policy
-- "keep", or recorded as refused, so that an admin sees what was sent.
create table instance_conflict (
    conflict_pk              bigserial   primary key,
    sop_instance_uid         text        not null,
    study_instance_uid       text,
    series_instance_uid      text,
    blob_key                 text,
    sha256                   text        not null,
    size_bytes               bigint      not null,
    dataset_sha256           text        not null,
    outcome                  text        not null check (outcome in ('REFUSED', 'KEPT', 'REPLACED')),
    received_via             text        not null,
    received_from            text        not null,
    received_at              timestamptz not null
);

create index instance_conflict_sop on instance_conflict (sop_instance_uid);

-- Read model of the worklist (worklist.procedure.v1): the studies the archive expects, so that arriving images are
-- linked to their order by Study Instance UID or accession number and checked against the order's patient.
create table expected_study (
    order_key                text        primary key,
    site                     text        not null,
    accession_number         text        not null,
    study_instance_uid       text        not null,
    patient_id               text        not null,
    issuer_of_patient_id     text        not null,
    euid                     uuid,
    status                   text        not null,
    updated_at               timestamptz not null
);

create index expected_study_uid on expected_study (study_instance_uid);
create index expected_study_accession on expected_study (accession_number);

-- Read model of the MPI (mpi.patient.v1): identities with their current demographics and the identifiers that
-- name them (a retired identifier names the survivor), so that studies are filed under the current identity.
create table known_identity (
    euid                     uuid        primary key,
    identifiers              jsonb       not null,
    demographics             jsonb       not null,
    updated_at               timestamptz not null
);

create table known_identifier (
    assigning_authority      text        not null,
    identifier_value         text        not null,
    euid                     uuid        not null references known_identity (euid) on delete cascade,
    retired                  boolean     not null default false,
    primary key (assigning_authority, identifier_value)
);

create index known_identifier_euid on known_identifier (euid);
