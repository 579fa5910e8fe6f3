-- The unique key of a message (MSH-3, MSH-4, MSH-10) now starts with the control id, so that it also serves the
-- store's searches by control id alone, and the separate index on control_id, one more index entry written for every
-- message stored, goes. A resend is still found by all three fields.
alter table hl7_message drop constraint hl7_message_once;
alter table hl7_message add constraint hl7_message_once unique (control_id, sending_application, sending_facility);
drop index hl7_message_control_id;
