package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.domain.DedupKey;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * De-duplication against what inventory_change already holds, pruned to the (day, store) partitions the batch
 * touches: a re-delivery is a byte-identical message, so it has the same date_time and store_id as the
 * original and lands in the same day(date_time)/bucket(store_id) partition. The read projects the three key
 * columns only, and costs what those partitions hold, not the table's history.
 */
final class ExistingKeys {
  private ExistingKeys() {}

  static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Marks in {@code batchKeys} every key inventory_change already has; returns how many. */
  static long markExisting(Table change, Map<Long, Set<Integer>> storesByEpochDay, KeyPositions batchKeys) {
    if (storesByEpochDay.isEmpty() || change.currentSnapshot() == null) return 0;
    Expression filter = Expressions.alwaysFalse();
    for (Map.Entry<Long, Set<Integer>> e : storesByEpochDay.entrySet()) {
      long start = e.getKey() * MICROS_PER_DAY;
      filter = Expressions.or(filter, Expressions.and(
          Expressions.and(Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, start),
              Expressions.lessThan(InventoryChangeTable.DATE_TIME, start + MICROS_PER_DAY)),
          Expressions.in(InventoryChangeTable.STORE_ID, e.getValue().toArray())));
    }
    long[] removed = {0};
    // a key has one row per line: count each key once
    TableReader.of(change).where(filter)
        .select(InventoryChangeTable.TRANS_ID, InventoryChangeTable.STORE_ID, InventoryChangeTable.PART)
        .forEach(r -> {
          DedupKey k = DedupKey.of((String) r.getField(InventoryChangeTable.TRANS_ID),
              (Integer) r.getField(InventoryChangeTable.STORE_ID), (Integer) r.getField(InventoryChangeTable.PART));
          if (batchKeys.markExisting(k)) removed[0]++;
        });
    return removed[0];
  }
}
