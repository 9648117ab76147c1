package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.TransIds;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * De-duplication against what inventory_change already holds, pruned to the (day, store) partitions the batch
 * touches: a re-delivery is a byte-identical message, so it has the same date_time and store_id as the original and
 * lands in the same day(date_time)/bucket(store_id) partition. The read projects the three key columns only, costs
 * what those partitions hold (not the table's history), and keeps only keys the batch's Bloom filter may hold: the
 * candidates, which the commit confirms against the exact keys by merging.
 */
final class ExistingKeys {
  private ExistingKeys() {}

  /**
   * The distinct keys in the touched partitions, as of snapshot {@code asOf}, that may be in the batch: sorted
   * entries of 3 longs (msb, lsb, store/part).
   */
  static long[] candidates(Table change, long asOf, DayStores touched, KeyBloom batch, ProgressReporter progress) {
    Expression filter = Expressions.alwaysFalse();
    for (Map.Entry<Long, Set<Integer>> e : touched.byDay().entrySet()) {
      long start = e.getKey() * DayStores.MICROS_PER_DAY;
      filter = Expressions.or(filter, Expressions.and(
          Expressions.and(Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, start),
              Expressions.lessThan(InventoryChangeTable.DATE_TIME, start + DayStores.MICROS_PER_DAY)),
          Expressions.in(InventoryChangeTable.STORE_ID, e.getValue().toArray())));
    }
    long[][] out = {new long[3 * 64]};
    int[] n = {0};
    long[] rows = {0};
    String[] lastTrans = {null};
    long[] lastKey = new long[3];
    TableReader.of(change).snapshot(asOf).where(filter)
        .select(InventoryChangeTable.TRANS_ID, InventoryChangeTable.STORE_ID, InventoryChangeTable.PART)
        .forEach(r -> {
          if ((++rows[0] & 0xFFFF) == 0) progress.progress(() -> "silver existing keys: " + rows[0] + " rows");
          String trans = (String) r.getField(InventoryChangeTable.TRANS_ID);
          long sp = KeyEntries.storePart((Integer) r.getField(InventoryChangeTable.STORE_ID),
              (Integer) r.getField(InventoryChangeTable.PART));
          if (trans.equals(lastTrans[0]) && sp == lastKey[2]) return; // the next line of the same part
          UUID u = TransIds.parse(trans);
          if (u == null) return; // not a key silver writes
          lastTrans[0] = trans;
          lastKey[0] = u.getMostSignificantBits();
          lastKey[1] = u.getLeastSignificantBits();
          lastKey[2] = sp;
          if (!batch.mightContain(lastKey[0], lastKey[1], sp)) return;
          if (n[0] * 3 == out[0].length) out[0] = Arrays.copyOf(out[0], out[0].length * 2);
          System.arraycopy(lastKey, 0, out[0], n[0] * 3, 3);
          n[0]++;
        });
    return sortedDistinct(out[0], n[0]);
  }

  private static long[] sortedDistinct(long[] triples, int n) {
    long[] entries = new long[n * KeyEntries.STRIDE];
    for (int i = 0; i < n; i++) System.arraycopy(triples, i * 3, entries, i * KeyEntries.STRIDE, 3);
    KeyEntries.sort(entries, n);
    long[] out = new long[n * 3];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int at = i * KeyEntries.STRIDE;
      if (m > 0 && entries[at] == out[(m - 1) * 3] && entries[at + 1] == out[(m - 1) * 3 + 1]
          && entries[at + 2] == out[(m - 1) * 3 + 2]) {
        continue;
      }
      System.arraycopy(entries, at, out, m * 3, 3);
      m++;
    }
    return Arrays.copyOf(out, m * 3);
  }
}
