package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.io.TypedColumn;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a {@link RecountRow} straight into the seven column writers of a snapshot table's Parquet file
 * ({@code inventory_snapshot} or {@code latest_inventory_snapshot}: same names and types, other order), with the
 * primitive write methods: no Record, no boxing, no OffsetDateTime, no string encoding per row.
 */
final class RecountRowParquet implements ParquetValueWriter<RecountRow> {
  private TypedColumn item;
  private TypedColumn employee;
  private TypedColumn store;
  private TypedColumn dateTime;
  private TypedColumn quantity;
  private TypedColumn sourceFile;
  private TypedColumn sourceLine;
  private final List<TypedColumn> all = new ArrayList<>();

  RecountRowParquet(MessageType type) {
    for (ColumnDescriptor d : type.getColumns()) {
      TypedColumn c = new TypedColumn(d);
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
    item.integer(repetitionLevel, r.itemId);
    employee.integer(repetitionLevel, r.employeeId);
    store.integer(repetitionLevel, r.storeId);
    dateTime.longValue(repetitionLevel, r.dateTimeMicros);
    quantity.integer(repetitionLevel, r.quantity);
    sourceFile.binary(repetitionLevel, r.sourceFile);
    sourceLine.longValue(repetitionLevel, r.sourceLine);
  }

  @Override
  public List<TripleWriter<?>> columns() {
    List<TripleWriter<?>> out = new ArrayList<>();
    for (TypedColumn c : all) out.addAll(c.columns());
    return out;
  }

  @Override
  public void setColumnStore(ColumnWriteStore store) {
    for (TypedColumn c : all) c.setColumnStore(store);
  }
}
