package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

/** Gold: current on-hand inventory per (store_id, item_id) that has a snapshot. */
public final class CurrentInventoryTable {
  private CurrentInventoryTable() {}

  public static final String NAME = "current_inventory";
  public static final String STORE_ID = "store_id";
  public static final String ITEM_ID = "item_id";
  public static final String SNAPSHOT_QUANTITY = "snapshot_quantity";
  public static final String CHANGE_QUANTITY = "change_quantity";
  public static final String CURRENT_INVENTORY = "current_inventory";
  public static final String DATE_TIME = "date_time";

  /**
   * change_quantity and current_inventory are long: they are sums, and SQL engines type sum(int) as bigint,
   * so a recomputation in Spark/Trino/DuckDB has the same types.
   */
  public static final Schema SCHEMA = new Schema(
      List.of(
          required(1, STORE_ID, Types.IntegerType.get(), "store id"),
          required(2, ITEM_ID, Types.IntegerType.get(), "item id"),
          required(3, SNAPSHOT_QUANTITY, Types.IntegerType.get(), "quantity of the latest recount"),
          required(4, CHANGE_QUANTITY, Types.LongType.get(), "sum of relevant changes since the recount"),
          required(5, CURRENT_INVENTORY, Types.LongType.get(), "snapshot_quantity + change_quantity"),
          required(6, DATE_TIME, Types.TimestampType.withZone(), "max(recount time, latest relevant change)")),
      Set.of(1, 2));

  /**
   * identity(store_id): the gold merge recomputes the (store, item) pairs touched by a run and replaces them
   * store by store, so a merge rewrites only the touched stores' partitions; dashboards filter by store.
   */
  public static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity(STORE_ID).build();
  /**
   * Rows per Parquet page (Iceberg's default: 20,000). A merge touching a few items of a store finds their rows by
   * the item_id bounds of each page (the file's column index; files are sorted by item) and decodes only those pages:
   * at 100,000 items a store's file has 100 pages per column instead of 5.
   */
  public static final int PAGE_ROW_LIMIT = 1000;
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(STORE_ID).asc(ITEM_ID).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "gold",
      "Gold: current inventory per (store_id, item_id)", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of(TableProperties.PARQUET_PAGE_ROW_LIMIT, Integer.toString(PAGE_ROW_LIMIT))));
}
