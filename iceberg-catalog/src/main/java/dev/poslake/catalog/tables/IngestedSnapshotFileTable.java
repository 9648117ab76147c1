package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/**
 * Ops ledger of the snapshot ingest: one row per version (name + content) of a recount file that was ingested
 * (or recognised as a re-upload of an ingested version). The ingest lists the bucket and skips keys whose
 * ETag (or, when the ETag differs, content SHA-256) is already here. Append-only.
 */
public final class IngestedSnapshotFileTable {
  private IngestedSnapshotFileTable() {}

  public static final String NAME = "ingested_snapshot_file";
  public static final String SOURCE_FILE = "source_file";
  public static final String ETAG = "etag";
  public static final String SHA256 = "sha256";
  public static final String SIZE_BYTES = "size_bytes";
  public static final String ROWS = "rows";
  public static final String REJECTED = "rejected";
  public static final String INGESTED_AT = "ingested_at";

  public static final Schema SCHEMA = new Schema(
      required(1, SOURCE_FILE, Types.StringType.get(), "object key of the snapshot file"),
      optional(2, ETAG, Types.StringType.get(), "object ETag when it was read"),
      required(3, SHA256, Types.StringType.get(), "SHA-256 (hex) of the file content"),
      required(4, SIZE_BYTES, Types.LongType.get(), "file size"),
      required(5, ROWS, Types.LongType.get(), "rows appended to inventory_snapshot (0 for a re-upload)"),
      required(6, REJECTED, Types.LongType.get(), "rows appended to rejected_snapshot_row"),
      required(7, INGESTED_AT, Types.TimestampType.withZone(), "when it was recorded"));

  /** Unpartitioned: a few rows per store and recount (~73 per store and year), always read whole. */
  public static final PartitionSpec SPEC = PartitionSpec.unpartitioned();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(SOURCE_FILE).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "ops",
      "Ops: snapshot file versions already ingested", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of()));
}
