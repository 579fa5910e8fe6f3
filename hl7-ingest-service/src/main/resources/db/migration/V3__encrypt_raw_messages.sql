-- Raw messages are kept encrypted (AES-256-GCM, see MessageCipher); rows written before this version
-- keep their plain text in raw_message until the service seals them at start-up.
alter table hl7_message add column raw_sealed bytea;
alter table hl7_message add column key_id text;
alter table hl7_message alter column raw_message drop not null;
alter table hl7_message add constraint hl7_message_raw_kept
    check ((raw_sealed is not null and key_id is not null) or raw_message is not null);
