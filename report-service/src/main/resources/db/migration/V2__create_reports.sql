-- What report-service knows of each order (from hl7.order.v1 and worklist.procedure.v1): the patient, order numbers
-- and study an ORU^R01 and a DiagnosticReport need. One row per site and accession number.
create table report_order (
    site                 text        not null,
    accession_number     text        not null,
    placer_order_number  text,
    filler_order_number  text,
    -- the worklist's step id, the id of its FHIR ServiceRequest
    step_id              bigint,
    study_instance_uid   text,
    patient_id           text        not null,
    issuer_of_patient_id text        not null,
    patient_type_code    text,
    euid                 uuid,
    patient_family_name  text,
    patient_given_names  text[]      not null default '{}',
    patient_birth_date   date,
    patient_sex          text,
    procedure_code       text,
    procedure_text       text,
    procedure_system     text,
    order_status         text,
    updated_at           timestamptz not null,
    primary key (site, accession_number)
);

create index report_order_accession on report_order (accession_number);
create index report_order_study on report_order (study_instance_uid);
create index report_order_patient on report_order (patient_id, issuer_of_patient_id);
create index report_order_euid on report_order (euid);
create index report_order_step on report_order (step_id);

-- One row per report, its current version; every version is kept in report_version.
create table report (
    id                   bigint generated always as identity primary key,
    site                 text,
    accession_number     text        not null,
    study_instance_uid   text,
    patient_id           text,
    issuer_of_patient_id text,
    euid                 uuid,
    status               text        not null
        constraint report_status
            check (status in ('draft', 'preliminary', 'final', 'amended', 'corrected', 'cancelled')),
    text                 text        not null,
    -- local (written here) or external (ORU^R01 from another reporting system through hl7-ingest)
    origin               text        not null default 'local' constraint report_origin check (origin in ('local', 'external')),
    author               text        not null,
    signer               text,
    signed_at            timestamptz,
    -- external reports: <MSH-3>|<MSH-4>|<MSH-10> of the last message that changed it
    source_message       text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    version              int         not null default 1
);

-- one open local report per order; a cancelled one makes room for a new one
create unique index report_one_open_per_order on report (coalesce(site, ''), accession_number, origin)
    where status <> 'cancelled';
create index report_accession on report (accession_number);
create index report_study on report (study_instance_uid);
create index report_patient on report (patient_id, issuer_of_patient_id);
create index report_euid on report (euid);
create index report_updated on report (updated_at);

create table report_version (
    report_id  bigint      not null references report (id),
    version    int         not null,
    status     text        not null,
    text       text        not null,
    -- created, edited, preliminary, finalized, amended, cancelled, received
    action     text        not null,
    changed_by text        not null,
    changed_at timestamptz not null,
    reason     text,
    primary key (report_id, version)
);

-- The ORU^R01 deliveries to the HIS: queued in the transaction that finalizes or amends a report, sent by the
-- delivery worker in order per patient, retried with backoff (next_attempt_at) across restarts.
create table report_delivery (
    id               bigint generated always as identity primary key,
    report_id        bigint      not null references report (id),
    report_version   int         not null,
    -- F (final) or C (correction)
    result_status    text        not null,
    site             text,
    -- deliveries of one key leave in id order: the EUID, else the qualified Patient ID, else the report
    ordering_key     text        not null,
    state            text        not null default 'pending'
        constraint report_delivery_state check (state in ('pending', 'delivered', 'failed', 'dead-lettered')),
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null,
    destination      text,
    control_id       text,
    -- the ORU as first built, sent unchanged on every try (same MSH-10, so the HIS can recognise a resend)
    message          text,
    ack_code         text,
    last_error       text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    delivered_at     timestamptz
);

create index report_delivery_due on report_delivery (next_attempt_at, id) where state = 'pending';
create index report_delivery_ordering on report_delivery (ordering_key, id) where state = 'pending';
create index report_delivery_report on report_delivery (report_id, id);
create index report_delivery_state on report_delivery (state, id);

-- External ORUs refused because their patient contradicts the order of their accession number (RELIABILITY T12).
create table report_refusal (
    id                bigint generated always as identity primary key,
    site              text        not null,
    accession_number  text        not null,
    source_message    text        not null,
    -- the identifiers the ORU named, qualified (AUTH|ID), and the order's patient
    received_patient  text[]      not null,
    order_patient     text        not null,
    reason            text        not null,
    received_at       timestamptz not null
);

-- Studies the archive holds (archive.study.v1): the reading worklist.
create table stored_study (
    study_instance_uid   text        primary key,
    site                 text,
    accession_number     text,
    patient_id           text,
    issuer_of_patient_id text,
    euid                 uuid,
    filing               text        not null,
    modalities           text[]      not null default '{}',
    number_of_series     int         not null,
    number_of_instances  int         not null,
    first_instance_at    timestamptz not null,
    stable_at            timestamptz,
    updated_at           timestamptz not null
);

create index stored_study_accession on stored_study (accession_number);
