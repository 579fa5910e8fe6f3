-- The MPI's enterprise identities as far as the worklist needs them (a read model fed by mpi.patient.v1), so that a
-- step scheduled after the MPI named its patient picks up the EUID and the identity's other identifiers at once.
create table known_identity (
    euid         uuid        primary key,
    -- every active identifier of the identity, [{"value": "...", "assigningAuthority": "...", "typeCode": "..."}]
    identifiers  jsonb       not null,
    -- the identity's current demographics as the MPI published them (PatientDemographics JSON)
    demographics jsonb       not null,
    updated_at   timestamptz not null
);

-- Which identity each identifier names: its own when active; the survivor's when an A40 merge or an A47 change
-- retired it (retired = true), so that an order still naming a retired identifier is scheduled for the survivor.
create table known_identifier (
    assigning_authority text    not null,
    identifier_value    text    not null,
    euid                uuid    not null references known_identity (euid) on delete cascade,
    retired             boolean not null default false,
    primary key (assigning_authority, identifier_value)
);

create index known_identifier_euid on known_identifier (euid);

-- The DICOM Requested Procedure Priority (0040,1003): STAT, HIGH, ROUTINE, MEDIUM or LOW, derived from the HL7
-- priority kept in scheduled_procedure_step.priority, so that the MWL serves it without knowing HL7.
alter table scheduled_procedure_step add column requested_procedure_priority text;

-- Accession numbers of unscheduled entries created through the API (no order from the HIS): WL<n>.
create sequence unscheduled_accession;

-- the API and FHIR find a patient's steps by any identifier of the identity
create index sps_other_patient_ids on scheduled_procedure_step using gin (other_patient_ids jsonb_path_ops);
