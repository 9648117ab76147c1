package dev.poslake.activities.etl.silver;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.domain.DedupKey;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * De-duplication against what inventory_change already holds, pruned to the stores and minutes the batch touches
 * ({@link DayStores}): a re-delivery is a byte-identical message, so it has the same date_time and store_id as the
 * original. The day(date_time)/bucket(store_id) partitions prune to the days and stores, the minutes to the files
 * whose date_time bounds meet them: a run's batch covers the last few minutes, so it reads what silver holds of
 * those minutes, not the whole day. In those files each row's store and minute is checked before its key is
 * decoded ({@link ExistingKeyFile}), and only keys the batch's Bloom filter may hold are kept: the candidates, which
 * the commit confirms against the exact keys (texts included) by merging.
 */
final class ExistingKeys {
  private static final String[] KEY_COLUMNS = ExistingKeyFile.COLUMNS;

  private ExistingKeys() {}

  /**
   * Sorted distinct keys: {@code triples} holds (msb, lsb, store/part) per key, {@code texts} their texts;
   * {@code rowsScanned} is how many silver rows of the touched stores and minutes the look-up found, {@code
   * rowsDecoded} how many rows it decoded to find them (those of the pages whose times meet the minutes).
   */
  record Candidates(long[] triples, String[] texts, long rowsScanned, long rowsDecoded) {
    int size() {
      return texts.length;
    }
  }

  /** The distinct keys in the touched partitions, as of snapshot {@code asOf}, that may be in the batch. */
  static Candidates candidates(Table change, long asOf, DayStores touched, KeyBloom batch,
      ProgressReporter progress) {
    Collector found = new Collector(batch, progress);
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned =
        change.newScan().useSnapshot(asOf).filter(touched.filter()).planFiles()) {
      planned.forEach(tasks::add); // the files whose partitions and date_time bounds meet the touched minutes
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan a scan of " + change.name(), e);
    }
    if (tasks.stream().anyMatch(t -> !t.deletes().isEmpty())) {
      viaTableScan(change, asOf, touched, found); // silver is copy-on-write; a scan applies deletes if one has them
    } else {
      for (FileScanTask task : tasks) {
        long decoded = ExistingKeyFile.forEach(change, task.file(), touched, found);
        if (decoded < 0) viaRecords(change, task, touched, found);
        found.decoded += decoded < 0 ? task.file().recordCount() : decoded;
      }
    }
    return found.candidates();
  }

  /** The rows of a file of another shape (not silver's Parquet columns), through Iceberg's generic reader. */
  static void viaRecords(Table change, FileScanTask task, DayStores touched, Collector found) {
    DataFileRecords.forEach(change, task.file(), change.schema().select(KEY_COLUMNS), r -> {
      int store = (Integer) r.getField(InventoryChangeTable.STORE_ID);
      long micros = Timestamps.micros(((OffsetDateTime) r.getField(InventoryChangeTable.DATE_TIME)).toInstant());
      if (touched.holds(micros, store)) {
        found.key((String) r.getField(InventoryChangeTable.TRANS_ID), store,
            (Integer) r.getField(InventoryChangeTable.PART));
      }
    });
  }

  /** A scan with the touched ranges as its row filter, deletes applied. */
  static void viaTableScan(Table change, long asOf, DayStores touched, Collector found) {
    found.decoded = -1; // unknown: Iceberg's scan decodes what its filter needs
    TableReader.of(change).snapshot(asOf).where(touched.filter()).select(KEY_COLUMNS).forEach(r -> found.key(
        (String) r.getField(InventoryChangeTable.TRANS_ID), (Integer) r.getField(InventoryChangeTable.STORE_ID),
        (Integer) r.getField(InventoryChangeTable.PART)));
  }

  /** Keeps the keys the batch's Bloom filter may hold, once per run of a part's lines; counts the rows. */
  static final class Collector implements ExistingKeyFile.Keys {
    private final KeyBloom batch;
    private final ProgressReporter progress;
    private final List<DedupKey> keys = new ArrayList<>();
    private long rows;
    private long decoded;
    private String lastTrans;
    private long lastStorePart;

    Collector(KeyBloom batch, ProgressReporter progress) {
      this.batch = batch;
      this.progress = progress;
    }

    @Override
    public void key(String trans, int store, int part) {
      if ((++rows & 0xFFFF) == 0) progress.progress(() -> "silver existing keys: " + rows + " rows");
      long sp = KeyEntries.storePart(store, part);
      if (trans.equals(lastTrans) && sp == lastStorePart) return; // the next line of the same part
      lastTrans = trans;
      lastStorePart = sp;
      // the key as the parser derives it: silver holds canonical trans_ids, so old UUID rows key as before
      DedupKey k = DedupKey.ofOrNull(trans, store, part);
      if (k == null) return; // not a key silver writes
      if (batch.mightContain(k.msb(), k.lsb(), sp)) keys.add(k);
    }

    Candidates candidates() {
      return sortedDistinct(keys, rows, decoded);
    }
  }

  private static Candidates sortedDistinct(List<DedupKey> keys, long rowsScanned, long rowsDecoded) {
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
    return new Candidates(Arrays.copyOf(out, m * 3), Arrays.copyOf(outTexts, m), rowsScanned, rowsDecoded);
  }
}
