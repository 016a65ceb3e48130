-- Affix's own table: one row per (record, name), locked while an attachment changes, so that
-- concurrent has-one attaches take turns. Separate from V1 so that it can join a Rails schema.
CREATE TABLE ${prefix}attachment_slots (
  record_type VARCHAR(255) NOT NULL,
  record_id ${record_id_type} NOT NULL,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (record_type, record_id, name)
);
