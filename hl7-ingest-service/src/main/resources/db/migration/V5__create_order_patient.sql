-- The patient each known order is for (RELIABILITY T12): written in the transaction that stores the order's
-- message, re-pointed by merges and identifier changes, and read when an ORU^R01 arrives, so a report whose
-- accession number names another patient's order is answered AE instead of being attached to that order.
create table order_patient (
    site                 text        not null,
    order_key            text        not null,
    assigning_authority  text        not null,
    patient_id           text        not null,
    updated_at           timestamptz not null,
    primary key (site, order_key)
);

create index order_patient_by_patient on order_patient (assigning_authority, patient_id);
