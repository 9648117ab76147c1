package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.DedupKey;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * De-duplication against what inventory_change already holds, pruned to the (day, store) partitions the batch
 * touches: a re-delivery is a byte-identical message, so it has the same date_time and store_id as the original and
 * lands in the same day(date_time)/bucket(store_id) partition. The read projects the three key columns only, costs
 * what those partitions hold (not the table's history), and keeps only keys the batch's Bloom filter may hold: the
 * candidates, which the commit confirms against the exact keys (texts included) by merging.
 */
final class ExistingKeys {
  private ExistingKeys() {}

  /** Sorted distinct keys: {@code triples} holds (msb, lsb, store/part) per key, {@code texts} their texts. */
  record Candidates(long[] triples, String[] texts) {
    int size() {
      return texts.length;
    }
  }

  /** The distinct keys in the touched partitions, as of snapshot {@code asOf}, that may be in the batch. */
  static Candidates candidates(Table change, long asOf, DayStores touched, KeyBloom batch,
      ProgressReporter progress) {
    Expression filter = Expressions.alwaysFalse();
    for (Map.Entry<Long, Set<Integer>> e : touched.byDay().entrySet()) {
      long start = e.getKey() * DayStores.MICROS_PER_DAY;
      filter = Expressions.or(filter, Expressions.and(
          Expressions.and(Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, start),
              Expressions.lessThan(InventoryChangeTable.DATE_TIME, start + DayStores.MICROS_PER_DAY)),
          Expressions.in(InventoryChangeTable.STORE_ID, e.getValue().toArray())));
    }
    List<DedupKey> found = new ArrayList<>();
    long[] rows = {0};
    String[] lastTrans = {null};
    long[] lastStorePart = {0};
    TableReader.of(change).snapshot(asOf).where(filter)
        .select(InventoryChangeTable.TRANS_ID, InventoryChangeTable.STORE_ID, InventoryChangeTable.PART)
        .forEach(r -> {
          if ((++rows[0] & 0xFFFF) == 0) progress.progress(() -> "silver existing keys: " + rows[0] + " rows");
          String trans = (String) r.getField(InventoryChangeTable.TRANS_ID);
          int store = (Integer) r.getField(InventoryChangeTable.STORE_ID);
          int part = (Integer) r.getField(InventoryChangeTable.PART);
          long sp = KeyEntries.storePart(store, part);
          if (trans.equals(lastTrans[0]) && sp == lastStorePart[0]) return; // the next line of the same part
          lastTrans[0] = trans;
          lastStorePart[0] = sp;
          // the key as the parser derives it: silver holds canonical trans_ids, so old UUID rows key as before
          DedupKey k = DedupKey.ofOrNull(trans, store, part);
          if (k == null) return; // not a key silver writes
          if (batch.mightContain(k.msb(), k.lsb(), sp)) found.add(k);
        });
    return sortedDistinct(found);
  }

  private static Candidates sortedDistinct(List<DedupKey> keys) {
    int n = keys.size();
    long[] entries = new long[n * KeyEntries.STRIDE];
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      DedupKey k = keys.get(i);
      entries[i * KeyEntries.STRIDE] = k.msb();
      entries[i * KeyEntries.STRIDE + 1] = k.lsb();
      entries[i * KeyEntries.STRIDE + 2] = KeyEntries.storePart(k.storeId(), k.part());
      texts[i] = k.text();
    }
    KeyEntries.sort(entries, texts, n);
    long[] out = new long[n * 3];
    String[] outTexts = new String[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int at = i * KeyEntries.STRIDE;
      if (m > 0 && KeyEntries.compare(entries[at], entries[at + 1], entries[at + 2], texts[i],
          out[(m - 1) * 3], out[(m - 1) * 3 + 1], out[(m - 1) * 3 + 2], outTexts[m - 1]) == 0) {
        continue;
      }
      System.arraycopy(entries, at, out, m * 3, 3);
      outTexts[m] = texts[i];
      m++;
    }
    return new Candidates(Arrays.copyOf(out, m * 3), Arrays.copyOf(outTexts, m));
  }
}
