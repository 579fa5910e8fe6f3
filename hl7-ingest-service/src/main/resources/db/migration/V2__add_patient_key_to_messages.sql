-- The patient a message is about (<assigning authority>|<identifier> of PID-3), for the admin search.
alter table hl7_message add column patient_key text not null default '';
alter table hl7_message alter column patient_key drop default;

create index hl7_message_patient_key on hl7_message (patient_key);
create index hl7_message_control_id on hl7_message (control_id);
