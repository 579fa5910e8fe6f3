-- QIDO-RS: case-sensitive name matching (exact and wildcard prefixes) on the patient name a study is filed under, and
-- accession numbers and study ids matched with wildcard prefixes.
create index study_patient_name on study (patient_name text_pattern_ops);
create index study_accession_pattern on study (accession_number text_pattern_ops);
