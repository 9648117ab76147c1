package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import dev.poslake.config.PosSettings;
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
   * Partitions of gold: {@code bucket(64, store_id)}, Iceberg's bucket hash, the same hash the gold step buckets its
   * stores by ({@code POS_GOLD_BUCKETS} divides 64, so a table partition falls in one bucket of the step). Each store
   * still has its own data file (written when the store is loaded or rewritten), so dashboards filtering by store
   * prune to one bucket and then by the files' store_id bounds. Why not identity(store_id): a merge touching a few
   * pairs of every store writes one position-delete file and one data file per table partition, and a partition per
   * store made that two object-store requests per touched store (2,000 requests for a touch of 1,000 stores: most of
   * the touch's CPU, client and server). A table created with identity(store_id) by an older release keeps it: the
   * pipeline handles both.
   */
  public static final int PARTITION_BUCKETS = PosSettings.GOLD_TABLE_PARTITIONS;
  public static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA).bucket(STORE_ID, PARTITION_BUCKETS).build();
  /** The partitioning of gold tables created before {@link #SPEC}: a partition per store. */
  public static final PartitionSpec STORE_SPEC = PartitionSpec.builderFor(SCHEMA).identity(STORE_ID).build();
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
