package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.snapshot.SnapshotRecords;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Conversions between gold/silver Iceberg records and the domain rows, plus partition metadata helpers. */
final class GoldRecords {
  private GoldRecords() {}

  /** The inventory_change columns the gold rule reads (a projection: the other columns are not decoded). */
  static final String[] CHANGE_COLUMNS = {InventoryChangeTable.STORE_ID, InventoryChangeTable.ITEM_ID,
      InventoryChangeTable.DATE_TIME, InventoryChangeTable.CHANGE_TYPE_ID, InventoryChangeTable.QUANTITY};

  static ChangeRow change(Record r) {
    return new ChangeRow((Integer) r.getField(InventoryChangeTable.STORE_ID),
        (Integer) r.getField(InventoryChangeTable.ITEM_ID),
        SnapshotRecords.instant(r.getField(InventoryChangeTable.DATE_TIME)),
        (Integer) r.getField(InventoryChangeTable.CHANGE_TYPE_ID), (Integer) r.getField(InventoryChangeTable.QUANTITY));
  }

  static GoldRow gold(Record r) {
    return new GoldRow((Integer) r.getField(CurrentInventoryTable.STORE_ID),
        (Integer) r.getField(CurrentInventoryTable.ITEM_ID),
        (Integer) r.getField(CurrentInventoryTable.SNAPSHOT_QUANTITY),
        (Long) r.getField(CurrentInventoryTable.CHANGE_QUANTITY),
        (Long) r.getField(CurrentInventoryTable.CURRENT_INVENTORY),
        SnapshotRecords.instant(r.getField(CurrentInventoryTable.DATE_TIME)));
  }

  static Record gold(Schema schema, GoldRow g) {
    Record r = GenericRecord.create(schema);
    r.setField(CurrentInventoryTable.STORE_ID, g.storeId());
    r.setField(CurrentInventoryTable.ITEM_ID, g.itemId());
    r.setField(CurrentInventoryTable.SNAPSHOT_QUANTITY, g.snapshotQuantity());
    r.setField(CurrentInventoryTable.CHANGE_QUANTITY, g.changeQuantity());
    r.setField(CurrentInventoryTable.CURRENT_INVENTORY, g.currentInventory());
    r.setField(CurrentInventoryTable.DATE_TIME, SnapshotRecords.utc(g.dateTime()));
    return r;
  }

  /**
   * The store ids of a table partitioned by identity(store_id) (latest_inventory_snapshot), from the file metadata of a snapshot (no data
   * file is read).
   */
  static Set<Integer> partitionStores(Table table, Long snapshotId) {
    Set<Integer> stores = new HashSet<>();
    if (snapshotId == null) return stores;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask t : tasks) {
        stores.add(t.file().partition().get(0, Integer.class));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return stores;
  }

  /**
   * The store ids of gold's rows as of a snapshot: from the files' metadata (a store's own file), and from the
   * store_id column of the files several stores share (merge-on-read files, a few rows each).
   */
  static Set<Integer> goldStores(Table gold, Long snapshotId) {
    Set<Integer> stores = new HashSet<>();
    if (snapshotId == null) return stores;
    GoldLayout layout = GoldLayout.of(gold);
    Schema storeOnly = gold.schema().select(CurrentInventoryTable.STORE_ID);
    try (CloseableIterable<FileScanTask> tasks = gold.newScan().useSnapshot(snapshotId).includeColumnStats()
        .planFiles()) {
      for (FileScanTask t : tasks) {
        Integer store = layout.storeOf(t.file());
        if (store != null) {
          stores.add(store);
        } else {
          DataFileRecords.forEach(gold, t.file(), storeOnly,
              r -> stores.add((Integer) r.getField(CurrentInventoryTable.STORE_ID)));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return stores;
  }
}
