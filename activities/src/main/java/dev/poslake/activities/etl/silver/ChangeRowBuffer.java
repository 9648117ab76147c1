package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.io.ColumnCodes;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.parquet.io.api.Binary;

/**
 * One inventory_change row as primitives, reused for every row a writer writes: {@link ChangeRowParquet} writes
 * its fields straight into the Parquet columns (no record object, no boxing, no time conversion per row). As a
 * {@link StructLike} (Iceberg's internal representation: timestamps in micros) it serves the partition transforms,
 * once per (day, store), not per row.
 */
final class ChangeRowBuffer implements StructLike {
  static final int TRANS_ID = 0;
  static final int STORE_ID = 1;
  static final int DATE_TIME = 2;
  static final int CHANGE_TYPE_ID = 3;
  static final int ITEM_ID = 4;
  static final int QUANTITY = 5;
  static final int PART = 6;
  static final int PARTS = 7;
  static final int LINE = 8;
  static final int SOURCE_PARTITION = 9;
  static final int SOURCE_OFFSET = 10;
  static final int INGESTED_AT = 11;
  static final List<String> NAMES = List.of(InventoryChangeTable.TRANS_ID, InventoryChangeTable.STORE_ID,
      InventoryChangeTable.DATE_TIME, InventoryChangeTable.CHANGE_TYPE_ID, InventoryChangeTable.ITEM_ID,
      InventoryChangeTable.QUANTITY, InventoryChangeTable.PART, InventoryChangeTable.PARTS, InventoryChangeTable.LINE,
      InventoryChangeTable.SOURCE_PARTITION, InventoryChangeTable.SOURCE_OFFSET, InventoryChangeTable.INGESTED_AT);

  private final int[] codes;
  Binary transId; // UTF-8 of the canonical trans_id, shared by the part's lines
  int storeId;
  long dateTimeMicros;
  int changeTypeId;
  int itemId;
  int quantity;
  int part;
  int parts;
  int line;
  int sourcePartition;
  long sourceOffset;
  long ingestedAtMicros;

  ChangeRowBuffer(Schema schema) {
    this.codes = ColumnCodes.of(schema, NAMES);
  }

  @Override
  public int size() {
    return codes.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    Object v = switch (codes[pos]) {
      case TRANS_ID -> transId.toStringUsingUTF8();
      case STORE_ID -> storeId;
      case DATE_TIME -> dateTimeMicros;
      case CHANGE_TYPE_ID -> changeTypeId;
      case ITEM_ID -> itemId;
      case QUANTITY -> quantity;
      case PART -> part;
      case PARTS -> parts;
      case LINE -> line;
      case SOURCE_PARTITION -> sourcePartition;
      case SOURCE_OFFSET -> sourceOffset;
      case INGESTED_AT -> ingestedAtMicros;
      default -> null;
    };
    return javaClass.cast(v);
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("set the fields directly");
  }
}
