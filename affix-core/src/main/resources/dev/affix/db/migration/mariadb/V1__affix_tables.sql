-- Blobs, attachments and variant records, with the column set of Rails Active Storage, so that the
-- prefix active_storage_ shares a Rails application's tables. Binary collation: keys,
-- record types and names compare exactly, as they do in Java; 768 characters is InnoDB's index limit.
CREATE TABLE ${prefix}blobs (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `key` VARCHAR(768) NOT NULL,
  filename VARCHAR(255) NOT NULL,
  content_type VARCHAR(255),
  metadata TEXT,
  service_name VARCHAR(255) NOT NULL,
  byte_size BIGINT NOT NULL,
  checksum VARCHAR(255),
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY index_${prefix}blobs_on_key (`key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}attachments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  record_type VARCHAR(255) NOT NULL,
  record_id ${record_id_type} NOT NULL,
  blob_id BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY index_${prefix}attachments_uniqueness (record_type, record_id, name, blob_id),
  KEY index_${prefix}attachments_on_blob_id (blob_id),
  CONSTRAINT fk_${prefix}attachments_blob FOREIGN KEY (blob_id) REFERENCES ${prefix}blobs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}variant_records (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  blob_id BIGINT NOT NULL,
  variation_digest VARCHAR(255) NOT NULL,
  UNIQUE KEY index_${prefix}variant_records_uniqueness (blob_id, variation_digest),
  CONSTRAINT fk_${prefix}variant_records_blob FOREIGN KEY (blob_id) REFERENCES ${prefix}blobs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
