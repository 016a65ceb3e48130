-- Affix's own table: objects to delete from their service. A row is written in the transaction
-- that deletes a blob's row (or before an upload whose blob row is not written yet), so that a
-- crash between the commit and the deletion loses nothing; it stays until the object is gone.
CREATE TABLE ${prefix}pending_deletions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  service_name VARCHAR(255) NOT NULL,
  `key` VARCHAR(768) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  last_error VARCHAR(1000),
  KEY index_${prefix}pending_deletions_due (next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
