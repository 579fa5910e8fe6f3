-- Transactional outbox: rows written in the same transaction as the state change they describe.
create table outbox_event (
    id             bigint generated always as identity primary key,
    event_id       uuid        not null unique,
    topic          text        not null,
    event_key      text        not null,
    event_type     text        not null,
    payload        text        not null,
    correlation_id text,
    occurred_at    timestamptz not null,
    published_at   timestamptz
);

create index outbox_event_unpublished on outbox_event (id) where published_at is null;

-- Idempotent inbox: one row per consumed event, written in the consumer's transaction.
create table inbox_processed_event (
    consumer       text        not null,
    event_id       text        not null,
    event_type     text        not null,
    topic          text        not null,
    kafka_partition int        not null,
    kafka_offset   bigint      not null,
    processed_at   timestamptz not null,
    primary key (consumer, event_id)
);
