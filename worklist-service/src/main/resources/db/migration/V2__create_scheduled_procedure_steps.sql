-- One row per scheduled procedure step (IHE Scheduled Workflow): what the modality worklist serves. The
-- columns the MWL C-FIND matches on are kept as columns; everything is the order's and the MPI's current view.
create table scheduled_procedure_step (
    id                              bigint generated always as identity primary key,
    site                            text        not null,
    placer_order_number             text,
    filler_order_number             text,
    accession_number                text        not null,
    requested_procedure_id          text        not null,
    requested_procedure_description text,
    -- [{"code": "...", "meaning": "...", "scheme": "..."}], the Requested Procedure Code Sequence
    requested_procedure_codes       jsonb       not null default '[]',
    scheduled_procedure_step_id     text        not null,
    scheduled_procedure_step_description text,
    -- the Scheduled Protocol Code Sequence, same shape
    scheduled_protocol_codes        jsonb       not null default '[]',
    modality                        text,
    scheduled_station_ae_title      text,
    scheduled_station_name          text,
    scheduled_location              text,
    -- start as DICOM matches it: date and time in the site's time zone; and the instant for the API
    scheduled_start_date            date,
    scheduled_start_time            time,
    scheduled_start                 timestamptz,
    -- person names in DICOM PN form (FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX)
    performing_physician            text,
    requesting_physician            text,
    referring_physician             text,
    -- HL7 priority as sent (S, A, R, P, C, T) and the DICOM Requested Procedure Priority derived from it
    priority                        text,
    reason                          text,
    patient_id                      text        not null,
    issuer_of_patient_id            text        not null,
    -- every identifier of the patient's identity, [{"value": "...", "assigningAuthority": "...", "typeCode": "..."}]
    other_patient_ids               jsonb       not null default '[]',
    euid                            uuid,
    patient_name                    text,
    patient_birth_date              date,
    patient_sex                     text,
    study_instance_uid              text        not null,
    status                          text        not null default 'SCHEDULED'
        constraint scheduled_procedure_step_status
            check (status in ('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'DISCONTINUED', 'CANCELLED')),
    -- HL7 order status when the order is on hold (HD) until released (RL)
    on_hold                         boolean     not null default false,
    created_at                      timestamptz not null,
    updated_at                      timestamptz not null,
    version                         int         not null default 1,
    constraint scheduled_procedure_step_once unique (site, accession_number, scheduled_procedure_step_id)
);

create index sps_patient on scheduled_procedure_step (patient_id, issuer_of_patient_id);
create index sps_accession on scheduled_procedure_step (accession_number);
create index sps_modality_date on scheduled_procedure_step (modality, scheduled_start_date);
create index sps_station_date on scheduled_procedure_step (scheduled_station_ae_title, scheduled_start_date);
create index sps_date on scheduled_procedure_step (scheduled_start_date);
create index sps_euid on scheduled_procedure_step (euid);
create index sps_study on scheduled_procedure_step (study_instance_uid);
create index sps_status on scheduled_procedure_step (status);

-- What happened to each step, and who or what did it.
create table procedure_step_history (
    id          bigint generated always as identity primary key,
    step_id     bigint      not null references scheduled_procedure_step (id),
    at          timestamptz not null,
    action      text        not null,
    -- hl7 <MSH-4>|<MSH-10> <trigger>, mpi <event type>, user <subject>, dicom <calling AE>
    cause       text        not null,
    detail      jsonb       not null default '{}'
);

create index procedure_step_history_step on procedure_step_history (step_id, id);

-- Modality Performed Procedure Steps (N-CREATE, N-SET), linked to the scheduled step they report on when the
-- modality names one (accession number and scheduled procedure step id in the Scheduled Step Attributes Sequence).
create table performed_procedure_step (
    sop_instance_uid text        primary key,
    step_id          bigint references scheduled_procedure_step (id),
    status           text        not null
        constraint performed_procedure_step_status check (status in ('IN PROGRESS', 'COMPLETED', 'DISCONTINUED')),
    calling_ae_title text        not null,
    -- the attributes as last set, DICOM JSON (PS3.18 F.2)
    attributes       jsonb       not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index performed_procedure_step_step on performed_procedure_step (step_id);
