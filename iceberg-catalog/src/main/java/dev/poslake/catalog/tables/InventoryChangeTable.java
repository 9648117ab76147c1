package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

/** Silver: one row per item line of a POS transaction (part), duplicates removed. */
public final class InventoryChangeTable {
  private InventoryChangeTable() {}

  public static final String NAME = "inventory_change";
  public static final String TRANS_ID = "trans_id";
  public static final String STORE_ID = "store_id";
  public static final String DATE_TIME = "date_time";
  public static final String CHANGE_TYPE_ID = "change_type_id";
  public static final String ITEM_ID = "item_id";
  public static final String QUANTITY = "quantity";
  public static final String PART = "part";
  public static final String PARTS = "parts";
  public static final String LINE = "line";
  public static final String SOURCE_PARTITION = "source_partition";
  public static final String SOURCE_OFFSET = "source_offset";
  public static final String INGESTED_AT = "ingested_at";

  /** Buckets of store_id; a fixed small number keeps files per commit bounded whatever the store count. */
  public static final int STORE_BUCKETS = 8;

  public static final Schema SCHEMA = new Schema(
      required(1, TRANS_ID, Types.StringType.get(), "transaction id: a UUID in lower case without braces, or any other id as sent"),
      required(2, STORE_ID, Types.IntegerType.get(), "store id"),
      required(3, DATE_TIME, Types.TimestampType.withZone(), "transaction time"),
      required(4, CHANGE_TYPE_ID, Types.IntegerType.get(), "inventory_change_type.change_type_id"),
      required(5, ITEM_ID, Types.IntegerType.get(), "item id"),
      required(6, QUANTITY, Types.IntegerType.get(), "signed quantity: negative removes stock"),
      required(7, PART, Types.IntegerType.get(), "0-based part of a split transaction (0 if not split)"),
      required(8, PARTS, Types.IntegerType.get(), "number of parts of the transaction (1 if not split)"),
      required(9, LINE, Types.IntegerType.get(), "0-based index of the line in the part's items array"),
      required(10, SOURCE_PARTITION, Types.IntegerType.get(), "Kafka partition of the message"),
      required(11, SOURCE_OFFSET, Types.LongType.get(), "Kafka offset of the message"),
      required(12, INGESTED_AT, Types.TimestampType.withZone(), "when silver wrote the row"));

  /**
   * day(date_time), bucket(store_id). All lines of a transaction part share trans_id, store_id and date_time,
   * so the de-duplication lookup for (trans_id, store_id, part) prunes to the incoming batch's days and
   * store buckets, however late a duplicate arrives. Gold's lookups (store, item, date_time >= snapshot time)
   * prune to one store bucket and the days since the last recount (at most ~5 days).
   */
  public static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA)
      .day(DATE_TIME)
      .bucket(STORE_ID, STORE_BUCKETS)
      .build();

  /** store, item, time: tight item_id statistics inside a bucket for gold's per-item reads. */
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA)
      .asc(STORE_ID).asc(ITEM_ID).asc(DATE_TIME).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "silver",
      "Silver: one row per item line of a POS transaction, duplicates removed", SCHEMA, SPEC, SORT_ORDER,
      // nearly unique per transaction part (about a million per million transactions): a dictionary only costs
      // a hash lookup per value until Parquet falls back to plain encoding
      TableDefinition.properties(Map.of(
          TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + TRANS_ID, "false",
          TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + DATE_TIME, "false",
          TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + SOURCE_OFFSET, "false")));
}
