-- Which identifiers (and former EUIDs) are one person, as the MPI said on mpi.patient.v1; lets a search by one of a
-- person's identifiers or by the EUID find records that name any of them. Not part of the hash chain.
create table patient_identity_link (
    member       text not null,   -- a qualified identifier AUTH|VALUE, or an EUID (its own, or one merged into it)
    member_value text not null,   -- the identifier's bare value (the EUID itself for EUIDs)
    euid         text not null,
    primary key (member, euid)
);

create index patient_identity_link_value on patient_identity_link (member_value);
create index patient_identity_link_euid on patient_identity_link (euid);
