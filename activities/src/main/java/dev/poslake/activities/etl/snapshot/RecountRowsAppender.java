package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.io.ParquetRowAppender;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import java.io.Closeable;
import java.util.Map;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

/**
 * {@link RecountRow}s into new data files of {@code inventory_snapshot} or {@code latest_inventory_snapshot}
 * (partitioned by a function of date_time or store_id): the partition is computed only when the row's store or
 * time differs from the previous row's, i.e. about once per file. Commits nothing.
 */
final class RecountRowsAppender implements Closeable {
  private final ParquetRowAppender<RecountRow> out;
  private final PartitionKey key;
  private final RowView view;
  private PartitionKey partition;
  private int lastStore;
  private long lastMicros;
  private long rows;

  RecountRowsAppender(Table table) {
    // item ids and line numbers are unique per file: a dictionary for them is only hashing before the fallback
    this.out = new ParquetRowAppender<>(table, RecountRowParquet::new, Map.of(
        TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + InventorySnapshotTable.ITEM_ID, "false",
        TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + InventorySnapshotTable.SOURCE_LINE, "false"));
    this.key = table.spec().isUnpartitioned() ? null : new PartitionKey(table.spec(), table.schema());
    this.view = new RowView(table.schema().asStruct());
  }

  void write(RecountRow row) {
    if (key != null && (partition == null || row.storeId != lastStore || row.dateTimeMicros != lastMicros)) {
      view.row = row;
      key.partition(view);
      if (!key.equals(partition)) partition = key.copy();
      lastStore = row.storeId;
      lastMicros = row.dateTimeMicros;
    }
    out.write(partition, row);
    rows++;
  }

  long rows() {
    return rows;
  }

  RecordAppender.Result complete() {
    return out.complete();
  }

  void abort() {
    out.abort();
  }

  @Override
  public void close() {
    out.close();
  }

  /** The row as the partition transforms read it: by schema position, Iceberg's internal representation. */
  private static final class RowView implements StructLike {
    private final String[] names;
    RecountRow row;

    RowView(Types.StructType struct) {
      names = struct.fields().stream().map(Types.NestedField::name).toArray(String[]::new);
    }

    @Override
    public int size() {
      return names.length;
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      Object v = switch (names[pos]) {
        case InventorySnapshotTable.ITEM_ID -> row.itemId;
        case InventorySnapshotTable.EMPLOYEE_ID -> row.employeeId;
        case InventorySnapshotTable.STORE_ID -> row.storeId;
        case InventorySnapshotTable.DATE_TIME -> row.dateTimeMicros;
        case InventorySnapshotTable.QUANTITY -> row.quantity;
        case InventorySnapshotTable.SOURCE_FILE -> row.sourceFileText();
        case InventorySnapshotTable.SOURCE_LINE -> row.sourceLine;
        default -> throw new IllegalArgumentException(names[pos]);
      };
      return javaClass.cast(v);
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("read-only");
    }
  }
}
