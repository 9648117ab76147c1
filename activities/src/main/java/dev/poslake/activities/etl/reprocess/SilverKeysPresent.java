package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.silver.DayStores;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * De-duplication against inventory_change: reads the three key columns of the kept records' stores over their whole
 * days ({@link DayStores#wholeDayFilter()}), and drops every kept record whose key is there. The whole day, not the
 * minutes silver's commit reads: reprocessing is rare and offline, and a reject is where a producer may have sent a
 * corrected copy of a transaction at another time of the day, which must not count twice.
 */
final class SilverKeysPresent {
  private SilverKeysPresent() {}

  /** Removes from {@code kept} the keys inventory_change holds as of {@code asOf}; returns how many. */
  static long removeFrom(Table change, long asOf, Map<String, ReprocessAnalysis.Kept> kept,
      ProgressReporter progress) {
    DayStores touched = new DayStores();
    for (ReprocessAnalysis.Kept k : kept.values()) {
      touched.add(Timestamps.micros(k.tx().dateTime()), k.tx().storeId());
    }
    if (touched.isEmpty()) return 0;
    long[] removed = {0};
    long[] rows = {0};
    TableReader.of(change).snapshot(asOf).where(touched.wholeDayFilter())
        .select(InventoryChangeTable.TRANS_ID, InventoryChangeTable.STORE_ID, InventoryChangeTable.PART)
        .forEach(r -> {
          if ((++rows[0] & 0xFFFF) == 0) progress.progress(() -> "reprocess: " + rows[0] + " silver keys read");
          String key = ReprocessAnalysis.key((String) r.getField(InventoryChangeTable.TRANS_ID),
              (Integer) r.getField(InventoryChangeTable.STORE_ID), (Integer) r.getField(InventoryChangeTable.PART));
          if (kept.remove(key) != null) removed[0]++;
        });
    return removed[0];
  }
}
