-- The service's configuration as of its last start: one row per isthmus.* setting, the value as a SHA-256 only,
-- so a start can name the settings that changed without any value (secrets included) being kept.
create table configuration_fingerprint (
    setting     text        primary key,
    value_hash  text        not null,
    recorded_at timestamptz not null
);
