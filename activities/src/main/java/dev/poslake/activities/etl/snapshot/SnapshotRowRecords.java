package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.io.RecordTemplate;
import dev.poslake.activities.etl.io.UtcTimes;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * {@link SnapshotRow}s as records of {@code inventory_snapshot} or {@code latest_inventory_snapshot} (the same
 * seven column names), by position, for per-row loops: the same content as {@link SnapshotRecords}'
 * conversions without their per-row schema lookups.
 */
final class SnapshotRowRecords {
  private final RecordTemplate template;
  private final int item, employee, store, dateTime, quantity, sourceFile, sourceLine;

  SnapshotRowRecords(Schema schema) {
    template = new RecordTemplate(schema);
    item = template.position(InventorySnapshotTable.ITEM_ID);
    employee = template.position(InventorySnapshotTable.EMPLOYEE_ID);
    store = template.position(InventorySnapshotTable.STORE_ID);
    dateTime = template.position(InventorySnapshotTable.DATE_TIME);
    quantity = template.position(InventorySnapshotTable.QUANTITY);
    sourceFile = template.position(InventorySnapshotTable.SOURCE_FILE);
    sourceLine = template.position(InventorySnapshotTable.SOURCE_LINE);
  }

  Record toRecord(SnapshotRow row) {
    GenericRecord r = template.newRecord();
    r.set(item, row.itemId());
    r.set(employee, row.employeeId());
    r.set(store, row.storeId());
    r.set(dateTime, UtcTimes.of(row.dateTime()));
    r.set(quantity, row.quantity());
    r.set(sourceFile, row.sourceFile());
    r.set(sourceLine, row.lineNumber());
    return r;
  }
}
