package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.domain.SnapshotRejection;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.io.UtcTimes;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** Conversions between the snapshot tables' Iceberg records and the domain rows. */
public final class SnapshotRecords {
  private SnapshotRecords() {}

  /** The instant at offset UTC, without a ZoneRules per call ({@link UtcTimes}). */
  public static OffsetDateTime utc(Instant t) {
    return UtcTimes.of(t);
  }

  public static Instant instant(Object timestamptz) {
    return ((OffsetDateTime) timestamptz).toInstant();
  }

  public static Record toInventorySnapshot(Schema schema, SnapshotRow row) {
    Record r = GenericRecord.create(schema);
    r.setField(InventorySnapshotTable.ITEM_ID, row.itemId());
    r.setField(InventorySnapshotTable.EMPLOYEE_ID, row.employeeId());
    r.setField(InventorySnapshotTable.STORE_ID, row.storeId());
    r.setField(InventorySnapshotTable.DATE_TIME, utc(row.dateTime()));
    r.setField(InventorySnapshotTable.QUANTITY, row.quantity());
    r.setField(InventorySnapshotTable.SOURCE_FILE, row.sourceFile());
    r.setField(InventorySnapshotTable.SOURCE_LINE, row.lineNumber());
    return r;
  }

  public static SnapshotRow fromInventorySnapshot(Record r) {
    return new SnapshotRow((String) r.getField(InventorySnapshotTable.SOURCE_FILE),
        (Long) r.getField(InventorySnapshotTable.SOURCE_LINE), (Integer) r.getField(InventorySnapshotTable.ITEM_ID),
        (Integer) r.getField(InventorySnapshotTable.EMPLOYEE_ID), (Integer) r.getField(InventorySnapshotTable.STORE_ID),
        instant(r.getField(InventorySnapshotTable.DATE_TIME)), (Integer) r.getField(InventorySnapshotTable.QUANTITY));
  }

  public static Record toLatest(Schema schema, SnapshotRow row) {
    Record r = GenericRecord.create(schema);
    r.setField(LatestInventorySnapshotTable.STORE_ID, row.storeId());
    r.setField(LatestInventorySnapshotTable.ITEM_ID, row.itemId());
    r.setField(LatestInventorySnapshotTable.EMPLOYEE_ID, row.employeeId());
    r.setField(LatestInventorySnapshotTable.DATE_TIME, utc(row.dateTime()));
    r.setField(LatestInventorySnapshotTable.QUANTITY, row.quantity());
    r.setField(LatestInventorySnapshotTable.SOURCE_FILE, row.sourceFile());
    r.setField(LatestInventorySnapshotTable.SOURCE_LINE, row.lineNumber());
    return r;
  }

  public static SnapshotRow fromLatest(Record r) {
    return new SnapshotRow((String) r.getField(LatestInventorySnapshotTable.SOURCE_FILE),
        (Long) r.getField(LatestInventorySnapshotTable.SOURCE_LINE),
        (Integer) r.getField(LatestInventorySnapshotTable.ITEM_ID),
        (Integer) r.getField(LatestInventorySnapshotTable.EMPLOYEE_ID),
        (Integer) r.getField(LatestInventorySnapshotTable.STORE_ID),
        instant(r.getField(LatestInventorySnapshotTable.DATE_TIME)),
        (Integer) r.getField(LatestInventorySnapshotTable.QUANTITY));
  }

  public static Record toRejected(Schema schema, SnapshotRejection rej, Instant now) {
    Record r = GenericRecord.create(schema);
    r.setField(RejectedSnapshotRowTable.SOURCE_FILE, rej.sourceFile());
    r.setField(RejectedSnapshotRowTable.LINE, rej.lineNumber());
    r.setField(RejectedSnapshotRowTable.RAW_LINE, rej.rawLine());
    r.setField(RejectedSnapshotRowTable.REASON, rej.code());
    r.setField(RejectedSnapshotRowTable.DETAIL, rej.detail());
    r.setField(RejectedSnapshotRowTable.REJECTED_AT, utc(now));
    return r;
  }
}
