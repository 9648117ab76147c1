package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/** Silver: every snapshot (recount) row ever ingested. Append-only. */
public final class InventorySnapshotTable {
  private InventorySnapshotTable() {}

  public static final String NAME = "inventory_snapshot";
  public static final String ITEM_ID = "item_id";
  public static final String EMPLOYEE_ID = "employee_id";
  public static final String STORE_ID = "store_id";
  public static final String DATE_TIME = "date_time";
  public static final String QUANTITY = "quantity";
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_LINE = "source_line";

  public static final Schema SCHEMA = new Schema(
      required(1, ITEM_ID, Types.IntegerType.get(), "item id"),
      required(2, EMPLOYEE_ID, Types.IntegerType.get(), "employee who counted"),
      required(3, STORE_ID, Types.IntegerType.get(), "store id"),
      required(4, DATE_TIME, Types.TimestampType.withZone(), "recount time"),
      required(5, QUANTITY, Types.IntegerType.get(), "counted on-hand quantity"),
      required(6, SOURCE_FILE, Types.StringType.get(), "object key of the snapshot file"),
      required(7, SOURCE_LINE, Types.LongType.get(), "1-based line in the file (header is line 1)"));

  /**
   * day(date_time): a recount file is one store at one time, so each file lands in one partition, and
   * "recounts since time S" prunes by day. store_id needs no partition: each data file holds one store,
   * so its min/max statistics prune exactly.
   */
  public static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day(DATE_TIME).build();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(STORE_ID).asc(ITEM_ID).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "silver",
      "Silver: every inventory snapshot row ever ingested", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of(
          // full (untruncated) min/max on source_file so "was this file ingested?" prunes to its data files
          "write.metadata.metrics.column." + SOURCE_FILE, "full")));
}
