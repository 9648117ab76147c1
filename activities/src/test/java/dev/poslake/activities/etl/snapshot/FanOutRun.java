package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.iceberg.data.Record;

/**
 * Runs the snapshot step the way the fanned-out workflow does, without Temporal: plan, every file group on its own
 * thread at once, latest plan, every store bucket on its own thread at once, marker. Tables are compared as sorted
 * lists of their rows' text (a multiset: a doubled row shows).
 */
final class FanOutRun {
  private FanOutRun() {}

  /** The whole step; {@code seamsOfGroup} gives each group's seams (by group index). */
  static void run(EtlFixture f, int parallelism, IntFunction<IngestSeams> seamsOfGroup) throws Exception {
    RecountPlan plan = new SnapshotIngest(f.res, w -> { }).plan(RecountPlanner.MAX_FILES_PER_RUN, parallelism);
    inParallel(plan.groups().size(), i -> step(f, seamsOfGroup.apply(i)).ingest(plan.groups().get(i)));
    latest(f, parallelism);
  }

  /** The latest-snapshot part: plan, buckets in parallel, marker; returns the pairs changed. */
  static long latest(EtlFixture f, int parallelism) throws Exception {
    LatestUpsertPlan lp = new SnapshotIngest(f.res, w -> { }).planLatest(parallelism);
    List<LatestStoresResult> buckets = inParallel(lp.storeBuckets().size(),
        i -> new SnapshotIngest(f.res, w -> { }).upsertLatest(lp.withoutBuckets(), lp.storeBuckets().get(i)));
    long changed = buckets.stream().mapToLong(LatestStoresResult::changedPairs).sum();
    new SnapshotIngest(f.res, w -> { }).commitLatest(lp.withoutBuckets(), changed);
    return changed;
  }

  static SnapshotIngest step(EtlFixture f, IngestSeams seams) {
    return new SnapshotIngest(f.res, w -> { }).checkpoint(seams.checkpoint()).beforeCommit(seams.beforeCommit())
        .midFile(seams.midFile());
  }

  interface Task<T> {
    T run(int index) throws Exception;
  }

  /** Runs tasks 0..n-1 at once and returns their results in order; the first failure is rethrown. */
  static <T> List<T> inParallel(int n, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, n));
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.run(index)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> fu : futures) out.add(fu.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every row of the four snapshot tables as text, sorted (ingestion times and ETags left out: they differ). */
  static List<String> tables(EtlFixture f) {
    List<String> out = new ArrayList<>();
    for (Record r : TableReader.readAll(f.table(InventorySnapshotTable.NAME))) {
      out.add("snapshot " + r.getField(InventorySnapshotTable.SOURCE_FILE) + ":" + r.getField(InventorySnapshotTable.SOURCE_LINE)
          + " " + r.getField(InventorySnapshotTable.STORE_ID) + "/" + r.getField(InventorySnapshotTable.ITEM_ID) + " "
          + instant(r.getField(InventorySnapshotTable.DATE_TIME)) + " q" + r.getField(InventorySnapshotTable.QUANTITY)
          + " e" + r.getField(InventorySnapshotTable.EMPLOYEE_ID));
    }
    for (Record r : TableReader.readAll(f.table(RejectedSnapshotRowTable.NAME))) {
      out.add("reject " + r.getField(RejectedSnapshotRowTable.SOURCE_FILE) + ":" + r.getField(RejectedSnapshotRowTable.LINE)
          + " " + r.getField(RejectedSnapshotRowTable.REASON) + " " + r.getField(RejectedSnapshotRowTable.RAW_LINE));
    }
    for (Record r : TableReader.readAll(f.table(IngestedSnapshotFileTable.NAME))) {
      out.add("ledger " + r.getField(IngestedSnapshotFileTable.SOURCE_FILE) + " " + r.getField(IngestedSnapshotFileTable.SHA256)
          + " rows " + r.getField(IngestedSnapshotFileTable.ROWS) + " rejected " + r.getField(IngestedSnapshotFileTable.REJECTED));
    }
    out.addAll(latest(f));
    out.sort(null);
    return out;
  }

  static List<String> latest(EtlFixture f) {
    List<String> out = new ArrayList<>();
    for (Record r : TableReader.readAll(f.table(LatestInventorySnapshotTable.NAME))) {
      out.add("latest " + r.getField(LatestInventorySnapshotTable.STORE_ID) + "/" + r.getField(LatestInventorySnapshotTable.ITEM_ID)
          + " " + instant(r.getField(LatestInventorySnapshotTable.DATE_TIME)) + " q" + r.getField(LatestInventorySnapshotTable.QUANTITY)
          + " e" + r.getField(LatestInventorySnapshotTable.EMPLOYEE_ID) + " " + r.getField(LatestInventorySnapshotTable.SOURCE_FILE)
          + ":" + r.getField(LatestInventorySnapshotTable.SOURCE_LINE));
    }
    out.sort(null);
    return out;
  }

  private static Object instant(Object timestamptz) {
    return ((OffsetDateTime) timestamptz).toInstant();
  }
}
