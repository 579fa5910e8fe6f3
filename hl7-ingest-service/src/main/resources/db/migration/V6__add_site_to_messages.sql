-- The site a message's sender speaks for, so that a site-limited reader finds only its sites' messages. Messages
-- stored before have none until housekeeping fills it in from the configured senders.
alter table hl7_message add column site text;

create index hl7_message_site on hl7_message (site);
create index hl7_message_without_site on hl7_message (sending_application, sending_facility) where site is null;
