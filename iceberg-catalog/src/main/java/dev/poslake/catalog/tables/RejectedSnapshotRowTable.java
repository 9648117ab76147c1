package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/** Quarantine: snapshot file lines that failed parsing or validation, with a reason. */
public final class RejectedSnapshotRowTable {
  private RejectedSnapshotRowTable() {}

  public static final String NAME = "rejected_snapshot_row";
  public static final String SOURCE_FILE = "source_file";
  public static final String LINE = "line";
  public static final String RAW_LINE = "raw_line";
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String REJECTED_AT = "rejected_at";

  public static final Schema SCHEMA = new Schema(
      required(1, SOURCE_FILE, Types.StringType.get(), "object key of the snapshot file"),
      required(2, LINE, Types.LongType.get(), "1-based line number in the file"),
      optional(3, RAW_LINE, Types.StringType.get(), "the line as read"),
      required(4, REASON, Types.StringType.get(), "short machine-readable reason"),
      optional(5, DETAIL, Types.StringType.get(), "human-readable detail"),
      required(6, REJECTED_AT, Types.TimestampType.withZone(), "when it was rejected"));

  /** day(rejected_at), like rejected_inventory_change. */
  public static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day(REJECTED_AT).build();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(SOURCE_FILE).asc(LINE).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "quarantine",
      "Quarantine: snapshot file rows that failed parsing or validation", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of()));
}
