package dev.poslake.activities.etl.snapshot;

import dev.poslake.catalog.tables.InventorySnapshotTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a {@link RecountRow} straight into the seven column writers of a snapshot table's Parquet file
 * ({@code inventory_snapshot} or {@code latest_inventory_snapshot}: same names and types, other order), with the
 * primitive write methods: no Record, no boxing, no OffsetDateTime, no string encoding per row.
 */
final class RecountRowParquet implements ParquetValueWriter<RecountRow> {
  private Column item;
  private Column employee;
  private Column store;
  private Column dateTime;
  private Column quantity;
  private Column sourceFile;
  private Column sourceLine;
  private final List<Column> all = new ArrayList<>();

  RecountRowParquet(MessageType type) {
    for (ColumnDescriptor d : type.getColumns()) {
      Column c = new Column(d);
      all.add(c);
      switch (d.getPath()[0]) {
        case InventorySnapshotTable.ITEM_ID -> item = c;
        case InventorySnapshotTable.EMPLOYEE_ID -> employee = c;
        case InventorySnapshotTable.STORE_ID -> store = c;
        case InventorySnapshotTable.DATE_TIME -> dateTime = c;
        case InventorySnapshotTable.QUANTITY -> quantity = c;
        case InventorySnapshotTable.SOURCE_FILE -> sourceFile = c;
        case InventorySnapshotTable.SOURCE_LINE -> sourceLine = c;
        default -> throw new IllegalArgumentException("not a snapshot table column: " + d);
      }
    }
    if (all.size() != 7) throw new IllegalArgumentException("not a snapshot table: " + type);
  }

  @Override
  public void write(int repetitionLevel, RecountRow r) {
    item.writeInt(repetitionLevel, r.itemId);
    employee.writeInt(repetitionLevel, r.employeeId);
    store.writeInt(repetitionLevel, r.storeId);
    dateTime.writeLong(repetitionLevel, r.dateTimeMicros);
    quantity.writeInt(repetitionLevel, r.quantity);
    sourceFile.writeBinary(repetitionLevel, r.sourceFile);
    sourceLine.writeLong(repetitionLevel, r.sourceLine);
  }

  @Override
  public List<TripleWriter<?>> columns() {
    List<TripleWriter<?>> out = new ArrayList<>();
    for (Column c : all) out.addAll(c.columns());
    return out;
  }

  @Override
  public void setColumnStore(ColumnWriteStore store) {
    for (Column c : all) c.setColumnStore(store);
  }

  /** One required column; Iceberg's primitive writer, used through its typed (unboxed) methods only. */
  private static final class Column extends ParquetValueWriters.PrimitiveWriter<Object> {
    Column(ColumnDescriptor d) {
      super(d);
    }

    void writeInt(int repetitionLevel, int v) {
      column.writeInteger(repetitionLevel, v);
    }

    void writeLong(int repetitionLevel, long v) {
      column.writeLong(repetitionLevel, v);
    }

    void writeBinary(int repetitionLevel, Binary v) {
      column.writeBinary(repetitionLevel, v);
    }
  }
}
