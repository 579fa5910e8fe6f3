-- Enhanced-mode application acknowledgments, written in the transaction that decides them and delivered
-- afterwards to the sender's return address (ApplicationAckDispatcher).
create table application_ack (
    id                      bigint generated always as identity primary key,
    destination             text        not null,
    acknowledged_control_id text        not null,
    sending_application     text        not null,
    sending_facility        text        not null,
    ack_code                text        not null,
    payload                 text        not null,
    charset                 text        not null,
    status                  text        not null check (status in ('pending', 'sent', 'failed')),
    attempts                int         not null,
    created_at              timestamptz not null,
    next_attempt_at         timestamptz not null,
    sent_at                 timestamptz,
    last_error              text
);

create index application_ack_due on application_ack (next_attempt_at) where status = 'pending';
