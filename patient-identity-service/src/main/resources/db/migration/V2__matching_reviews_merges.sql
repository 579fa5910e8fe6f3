-- A source record is active, or merged into a survivor (A40) and then answers for no patient of its own.
alter table source_patient add column status text not null default 'active'
    constraint source_patient_status check (status in ('active', 'merged'));
alter table source_patient add column merged_into bigint references source_patient (id);

-- An identity whose records all went to another one (merge or link) is retired and names its successor.
alter table enterprise_patient add column retired_into uuid references enterprise_patient (euid);

-- Every version of a source record's demographics, with the message that wrote it.
create table source_patient_version (
    source_patient_id bigint      not null references source_patient (id),
    version           int         not null,
    demographics      jsonb       not null,
    written_by        text        not null,
    written_at        timestamptz not null,
    primary key (source_patient_id, version)
);

-- The keys under which matching looks an active source record up (see docs/matching.md).
create table patient_blocking_key (
    blocking_key      text   not null,
    source_patient_id bigint not null references source_patient (id) on delete cascade,
    primary key (blocking_key, source_patient_id)
);

create index patient_blocking_key_record on patient_blocking_key (source_patient_id);

-- What matching decided for a new record, with the score and its field-by-field explanation.
create table match_decision (
    id                bigint generated always as identity primary key,
    source_patient_id bigint           not null references source_patient (id),
    outcome           text             not null,
    deterministic     boolean          not null,
    score             double precision,
    euid              uuid             not null,
    explanation       jsonb            not null,
    written_by        text             not null,
    decided_at        timestamptz      not null
);

create index match_decision_record on match_decision (source_patient_id);

-- A possible duplicate for a human to decide: the record, the identity it may belong to, and why.
create table review_task (
    id                  bigint generated always as identity primary key,
    source_patient_id   bigint           not null references source_patient (id),
    candidate_record_id bigint           not null references source_patient (id),
    score               double precision not null,
    explanation         jsonb            not null,
    status              text             not null default 'open'
        constraint review_task_status check (status in ('open', 'linked', 'rejected', 'withdrawn')),
    opened_at           timestamptz      not null,
    decided_by          text,
    decided_at          timestamptz,
    comment             text,
    constraint review_task_once unique (source_patient_id, candidate_record_id)
);

create index review_task_status on review_task (status, id);

-- One A40 merge of a source record into a survivor, with what it moved, so that it can be undone.
create table patient_merge (
    id                  bigint generated always as identity primary key,
    survivor_patient_id bigint      not null references source_patient (id),
    retired_patient_id  bigint      not null references source_patient (id),
    retired_euid        uuid        not null references enterprise_patient (euid),
    moved_patient_ids   bigint[]    not null,
    cause               text        not null,
    merged_at           timestamptz not null,
    undone_by           text,
    undone_at           timestamptz
);

-- An identifier that no longer names a patient of its own, and the record that answers for it now.
create table retired_identifier (
    assigning_authority text        not null,
    identifier_value    text        not null,
    survivor_patient_id bigint      not null references source_patient (id),
    reason              text        not null constraint retired_identifier_reason check (reason in ('merge', 'identifier-change')),
    merge_id            bigint references patient_merge (id),
    retired_at          timestamptz not null,
    primary key (assigning_authority, identifier_value)
);

create index source_patient_family on source_patient (lower(family_name));
create index source_patient_birth_date on source_patient (birth_date);
