package dev.poslake.activities.etl.snapshot;

import java.util.Objects;

/**
 * One version of a recount file: its object key and the SHA-256 of its content; the ETag is what the ledger row
 * records for it (null if the listing had none).
 */
record FileVersion(String key, String sha256, String etag) {
  FileVersion {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
  }
}
