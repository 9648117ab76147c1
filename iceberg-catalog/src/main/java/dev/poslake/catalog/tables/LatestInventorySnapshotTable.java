package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/** Silver: per (store_id, item_id) the snapshot row with the greatest date_time (maintained by upsert). */
public final class LatestInventorySnapshotTable {
  private LatestInventorySnapshotTable() {}

  public static final String NAME = "latest_inventory_snapshot";
  public static final String STORE_ID = "store_id";
  public static final String ITEM_ID = "item_id";
  public static final String EMPLOYEE_ID = "employee_id";
  public static final String DATE_TIME = "date_time";
  public static final String QUANTITY = "quantity";
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_LINE = "source_line";

  public static final Schema SCHEMA = new Schema(
      List.of(
          required(1, STORE_ID, Types.IntegerType.get(), "store id"),
          required(2, ITEM_ID, Types.IntegerType.get(), "item id"),
          required(3, EMPLOYEE_ID, Types.IntegerType.get(), "employee who counted"),
          required(4, DATE_TIME, Types.TimestampType.withZone(), "time of the latest recount"),
          required(5, QUANTITY, Types.IntegerType.get(), "counted on-hand quantity"),
          required(6, SOURCE_FILE, Types.StringType.get(), "object key of the snapshot file"),
          // the latest-snapshot rule breaks date_time ties by (source_file, source_line): keep both so the
          // upsert stays deterministic whatever the order files arrive in
          required(7, SOURCE_LINE, Types.LongType.get(), "1-based line in the file (header is line 1)")),
      Set.of(1, 2));

  /**
   * identity(store_id): a recount covers every item of one store, so an upsert touches exactly one
   * partition (copy-on-write rewrite or partition-scoped equality deletes, which must be keyed by a function
   * of the identifier fields); ~100k rows per store makes one well-sized file per partition.
   */
  public static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity(STORE_ID).build();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(STORE_ID).asc(ITEM_ID).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "silver",
      "Silver: latest snapshot row per (store_id, item_id)", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of()));
}
