-- Every accepted HL7 v2 message, kept raw (Z-segments included) with the header fields it is found by.
create table hl7_message (
    id                    bigint generated always as identity primary key,
    received_at           timestamptz not null,
    remote_address        text        not null,
    sending_application   text        not null,
    sending_facility      text        not null,
    receiving_application text        not null,
    receiving_facility    text        not null,
    message_type          text        not null,
    trigger_event         text        not null,
    control_id            text        not null,
    version               text        not null,
    charset               text        not null,
    raw_message           text        not null,
    ack_code              text        not null,
    -- a resent message (same MSH-3, MSH-4, MSH-10) is stored once
    constraint hl7_message_once unique (sending_application, sending_facility, control_id)
);

create index hl7_message_received_at on hl7_message (received_at);
