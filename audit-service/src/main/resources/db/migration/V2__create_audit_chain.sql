-- The audit trail: one append-only row per audit record, chained by SHA-256 (ADR 0009).
-- row_hash = SHA-256(prev_hash || canonical), where canonical is the exact UTF-8 text stored here and prev_hash
-- is the row_hash of the row before (or of the retention anchor, or 32 zero bytes for the first row ever).
create table audit_record (
    sequence     bigint      primary key,
    event_id     text        not null unique,
    recorded_at  timestamptz not null,
    occurred_at  timestamptz not null,
    event_code   text        not null,
    action       text        not null,
    outcome      smallint    not null,
    source_id    text        not null,
    -- filter columns derived from canonical; answers are always built from canonical itself
    user_ids     text[]      not null,
    patient_ids  text[]      not null,
    canonical    text        not null,
    prev_hash    bytea       not null,
    row_hash     bytea       not null
);

create index audit_record_occurred_at on audit_record (occurred_at, sequence);
create index audit_record_recorded_at on audit_record (recorded_at);
create index audit_record_user_ids on audit_record using gin (user_ids);
create index audit_record_patient_ids on audit_record using gin (patient_ids);

-- The end of the chain: appends lock this one row (select ... for update), so the chain never forks.
create table audit_chain_head (
    id            boolean primary key default true check (id),
    last_sequence bigint  not null,
    last_hash     bytea   not null
);
insert into audit_chain_head (last_sequence, last_hash) values (0, decode(repeat('00', 32), 'hex'));

-- The start of the chain: the last row removed by retention (sequence 0 and zero hash while none was).
create table audit_chain_anchor (
    id               boolean     primary key default true check (id),
    removed_through  bigint      not null,
    removed_hash     bytea       not null,
    removed_at       timestamptz
);
insert into audit_chain_anchor (removed_through, removed_hash) values (0, decode(repeat('00', 32), 'hex'));

-- Append-only in the database itself: no update of a stored row ever; a delete only of rows the retention job
-- has first anchored (sequence <= removed_through, in the same transaction); no truncate. The chain head moves
-- only one row forward onto a stored row; the anchor only forward onto a stored row's hash.
create function audit_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit records are append-only (% on %)', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end
$$;

create function audit_check_append() returns trigger language plpgsql as $$
declare
    head audit_chain_head%rowtype;
begin
    select * into head from audit_chain_head;
    if new.sequence <> head.last_sequence + 1 or new.prev_hash <> head.last_hash then
        raise exception 'audit record % does not extend the chain head %', new.sequence, head.last_sequence
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end
$$;

create function audit_check_delete() returns trigger language plpgsql as $$
begin
    if old.sequence > (select removed_through from audit_chain_anchor) then
        raise exception 'audit record % is not anchored for removal', old.sequence
            using errcode = 'insufficient_privilege';
    end if;
    return old;
end
$$;

create function audit_check_head_move() returns trigger language plpgsql as $$
begin
    if new.last_sequence <> old.last_sequence + 1
            or not exists (select 1 from audit_record
                           where sequence = new.last_sequence and row_hash = new.last_hash) then
        raise exception 'the chain head moves one stored record at a time'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end
$$;

create function audit_check_anchor_move() returns trigger language plpgsql as $$
begin
    if new.removed_through < old.removed_through
            or (new.removed_through > old.removed_through and not exists (
                select 1 from audit_record where sequence = new.removed_through and row_hash = new.removed_hash)) then
        raise exception 'the retention anchor moves forward onto a stored record only'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end
$$;

create trigger audit_record_append before insert on audit_record
    for each row execute function audit_check_append();
create trigger audit_record_no_update before update on audit_record
    for each row execute function audit_refuse_change();
create trigger audit_record_delete before delete on audit_record
    for each row execute function audit_check_delete();
create trigger audit_record_no_truncate before truncate on audit_record
    for each statement execute function audit_refuse_change();
create trigger audit_chain_head_move before update on audit_chain_head
    for each row execute function audit_check_head_move();
create trigger audit_chain_head_keep before delete on audit_chain_head
    for each row execute function audit_refuse_change();
create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
    for each statement execute function audit_refuse_change();
create trigger audit_chain_anchor_move before update on audit_chain_anchor
    for each row execute function audit_check_anchor_move();
create trigger audit_chain_anchor_keep before delete on audit_chain_anchor
    for each row execute function audit_refuse_change();
create trigger audit_chain_anchor_no_truncate before truncate on audit_chain_anchor
    for each statement execute function audit_refuse_change();

-- Where the syslog export stands: every record with a sequence up to last_sequence was sent to the collector.
create table syslog_export_cursor (
    id            boolean     primary key default true check (id),
    last_sequence bigint      not null,
    updated_at    timestamptz
);
insert into syslog_export_cursor (last_sequence) values (0);
