-- The site a source record belongs to: the site hl7-ingest-service named for the message that created it.
-- Users limited to sites see only the records of their sites; a record of unknown site (null) only global users.
alter table source_patient add column site text;

-- Records written before sites were recorded: the sending facility (MSH-4) of the message that created them, which
-- the first version's writer names ('hl7 <facility>|<control id> <trigger>').
update source_patient p set site = nullif(split_part(substr(v.written_by, 5), '|', 1), '')
from source_patient_version v
where v.source_patient_id = p.id and v.version = 1 and v.written_by like 'hl7 %|%';

create index source_patient_site on source_patient (site);
