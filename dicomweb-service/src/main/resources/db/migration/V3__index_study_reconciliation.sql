-- Reconciliation and deletion look studies up by the order they are linked to, and kept conflicts by their study.
create index study_order_key on study (order_key);
create index instance_conflict_study on instance_conflict (study_instance_uid);
