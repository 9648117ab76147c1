package dev.poslake.activities.etl.snapshot;

import java.nio.charset.StandardCharsets;
import org.apache.parquet.io.api.Binary;

/**
 * One recount row as primitives, reused row after row: the unit {@link RecountRowsAppender} writes to
 * {@code inventory_snapshot} or {@code latest_inventory_snapshot} (the same seven columns). The source file is
 * kept as Parquet bytes, encoded once per file rather than per row.
 */
final class RecountRow {
  int itemId;
  int employeeId;
  int storeId;
  /** date_time as UTC epoch microseconds (Iceberg's timestamptz). */
  long dateTimeMicros;
  int quantity;
  Binary sourceFile;
  long sourceLine;
  private String sourceFileText;

  /** Sets the source file, encoding it only when it differs from the previous row's. */
  RecountRow sourceFile(String key) {
    if (!key.equals(sourceFileText)) {
      sourceFileText = key;
      sourceFile = Binary.fromConstantByteArray(key.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  String sourceFileText() {
    return sourceFileText;
  }
}
