package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * De-duplication against inventory_change, as silver's (a re-delivery has the same date_time and store_id, so it
 * lies in the same day/store-bucket partition): reads the three key columns of the partitions the kept records
 * touch only, and drops every kept record whose key is there.
 */
final class SilverKeysPresent {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private SilverKeysPresent() {}

  /** Removes from {@code kept} the keys inventory_change holds as of {@code asOf}; returns how many. */
  static long removeFrom(Table change, long asOf, Map<String, ReprocessAnalysis.Kept> kept,
      ProgressReporter progress) {
    Map<Long, Set<Integer>> storesByDay = new TreeMap<>();
    for (ReprocessAnalysis.Kept k : kept.values()) {
      long day = Math.floorDiv(k.tx().dateTime().getEpochSecond(), 86_400L);
      storesByDay.computeIfAbsent(day, d -> new TreeSet<>()).add(k.tx().storeId());
    }
    Expression filter = Expressions.alwaysFalse();
    for (Map.Entry<Long, Set<Integer>> e : storesByDay.entrySet()) {
      long start = e.getKey() * MICROS_PER_DAY;
      filter = Expressions.or(filter, Expressions.and(Expressions.and(
              Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, start),
              Expressions.lessThan(InventoryChangeTable.DATE_TIME, start + MICROS_PER_DAY)),
          Expressions.in(InventoryChangeTable.STORE_ID, e.getValue().toArray())));
    }
    long[] removed = {0};
    long[] rows = {0};
    TableReader.of(change).snapshot(asOf).where(filter)
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
