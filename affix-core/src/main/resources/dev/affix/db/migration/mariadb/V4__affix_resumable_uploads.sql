-- Affix's own tables: resumable (tus) uploads in progress, so that one resumes in any process and
-- after a restart, and uploads whose parts a browser sends to the service itself (transfer 'chunks'
-- or 'direct_parts'). A row holds where the upload stands (offset, the running MD5 of its bytes, the
-- storage service's own state of it, such as an S3 upload id) and, once complete, the blob it became;
-- the parts table holds the pieces the service stored on its own, one row each, in order. Parts are
-- deleted with their upload by Affix, without a foreign key, like Affix's other own tables.
CREATE TABLE ${prefix}resumable_uploads (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token VARCHAR(64) NOT NULL,
  transfer VARCHAR(16) NOT NULL,
  service_name VARCHAR(255) NOT NULL,
  `key` VARCHAR(768) NOT NULL,
  filename VARCHAR(255) NOT NULL,
  content_type VARCHAR(255) NOT NULL,
  metadata TEXT,
  client_metadata TEXT,
  byte_size BIGINT NOT NULL,
  byte_offset BIGINT NOT NULL,
  digest_state VARCHAR(255) NOT NULL,
  service_state TEXT,
  part_count INT NOT NULL,
  blob_id BIGINT,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  lease_holder VARCHAR(64),
  lease_until DATETIME(6),
  UNIQUE KEY index_${prefix}resumable_uploads_on_token (token),
  KEY index_${prefix}resumable_uploads_on_expires_at (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}resumable_upload_parts (
  upload_id BIGINT NOT NULL,
  part_number INT NOT NULL,
  byte_size BIGINT NOT NULL,
  tag VARCHAR(1024) NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
