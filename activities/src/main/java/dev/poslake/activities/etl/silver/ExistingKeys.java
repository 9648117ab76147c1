package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.DedupKey;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * De-duplication against what inventory_change already holds, pruned to the stores and minutes the batch touches
 * ({@link DayStores}): a re-delivery is a byte-identical message, so it has the same date_time and store_id as the
 * original. The day(date_time)/bucket(store_id) partitions prune to the days and stores, the minutes to the files
 * (and row groups) whose date_time bounds meet them: a run's batch covers the last few minutes, so it reads what
 * silver holds of those minutes, not the whole day. The read projects the three key columns only and keeps only
 * keys the batch's Bloom filter may hold: the candidates, which the commit confirms against the exact keys (texts
 * included) by merging.
 */
final class ExistingKeys {
  private ExistingKeys() {}

  /**
   * Sorted distinct keys: {@code triples} holds (msb, lsb, store/part) per key, {@code texts} their texts;
   * {@code rowsScanned} is how many silver rows the look-up read.
   */
  record Candidates(long[] triples, String[] texts, long rowsScanned) {
    int size() {
      return texts.length;
    }
  }

  /** The distinct keys in the touched partitions, as of snapshot {@code asOf}, that may be in the batch. */
  static Candidates candidates(Table change, long asOf, DayStores touched, KeyBloom batch,
      ProgressReporter progress) {
    List<DedupKey> found = new ArrayList<>();
    long[] rows = {0};
    String[] lastTrans = {null};
    long[] lastStorePart = {0};
    TableReader.of(change).snapshot(asOf).where(touched.filter())
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
    return sortedDistinct(found, rows[0]);
  }

  private static Candidates sortedDistinct(List<DedupKey> keys, long rowsScanned) {
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
    return new Candidates(Arrays.copyOf(out, m * 3), Arrays.copyOf(outTexts, m), rowsScanned);
  }
}
