-- WADO-RS needs a few values of every instance it serves (to frame pixel data and to decide whether patient
-- attributes must be coerced). Taking them out of the stored header for each row cost more than the rest of a series
-- metadata response, so they are columns, written at ingest. The patient values are the ones the modality sent, in
-- their DICOM string form (person name groups joined by '=').
alter table instance
    add column bits_allocated    integer,
    add column samples_per_pixel integer,
    add column sent_patient_name text,
    add column sent_patient_id   text,
    add column sent_issuer       text,
    add column sent_birth_date   text,
    add column sent_sex          text;

update instance set
    bits_allocated = case when metadata->'00280100'->'Value'->>0 ~ '^[0-9]{1,5}(\.0*)?$'
                          then (metadata->'00280100'->'Value'->>0)::numeric::integer end,
    samples_per_pixel = case when metadata->'00280002'->'Value'->>0 ~ '^[0-9]{1,5}(\.0*)?$'
                             then (metadata->'00280002'->'Value'->>0)::numeric::integer end,
    sent_patient_name = case when metadata->'00100010'->'Value'->0 is not null then
                            coalesce(metadata->'00100010'->'Value'->0->>'Alphabetic', '') || '='
                            || coalesce(metadata->'00100010'->'Value'->0->>'Ideographic', '') || '='
                            || coalesce(metadata->'00100010'->'Value'->0->>'Phonetic', '') end,
    sent_patient_id = metadata->'00100020'->'Value'->>0,
    sent_issuer = metadata->'00100021'->'Value'->>0,
    sent_birth_date = metadata->'00100030'->'Value'->>0,
    sent_sex = metadata->'00100040'->'Value'->>0;

-- The header is kept as the text the archive wrote (DICOM JSON in tag order): metadata responses send it on with
-- little work, where a jsonb value had to be printed again for every row. Queries that look inside cast it.
alter table instance alter column metadata type text using metadata::text;
