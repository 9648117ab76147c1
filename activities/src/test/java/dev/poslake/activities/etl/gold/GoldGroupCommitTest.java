package dev.poslake.activities.etl.gold;

import static dev.poslake.activities.etl.EtlFixture.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.maintenance.Compactor;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bucket merges of one JVM that wait for their commit at the same time commit together ({@link GoldCommitQueue}),
 * and each is still decided on its own: a second attempt of a bucket gets the first's outcome, not a share of its
 * commit, and a conflict in one bucket's stores fails only that bucket.
 */
@ExtendWith(PosStackExtension.class)
class GoldGroupCommitTest {
  static final int BUCKETS = 4;
  final GoldFanOutTest model = new GoldFanOutTest();

  @Test
  void bucketsWaitingTogetherCommitOnceAndATwinAttemptCommitsNothing(PosConfig config) throws Exception {
    try (EtlFixture f = loaded(config)) {
      List<ChangeRow> batch = new ArrayList<>();
      for (int store = 1; store <= 7; store++) {
        batch.add(change(store, 100001 + store, GoldFanOutTest.S.plusSeconds(60), GoldMergeTest.SALE, -store));
      }
      model.append(f, batch);
      GoldPlan plan = new GoldPlanner(f.res).plan(BUCKETS);
      assertTrue(plan.tasks().size() >= 2, "stores 1..7 fall into several of 4 buckets: " + plan);
      List<GoldBucketTask> attempts = new ArrayList<>(plan.tasks());
      attempts.add(plan.tasks().get(0)); // its twin: Temporal started a second attempt while the first still ran
      Table gold = f.table(CurrentInventoryTable.NAME);
      long before = snapshots(gold);

      List<GoldResult> results = runHeld(f, attempts, gold).stream().map(GoldGroupCommitTest::get).toList();

      gold.refresh();
      assertEquals(before + 1, snapshots(gold), "one commit for every bucket; none for the twin");
      Set<Integer> merged = GoldSummaryKeys.mergedBuckets(gold.currentSnapshot().summary());
      Set<Integer> planned = new TreeSet<>();
      plan.tasks().forEach(t -> planned.add(t.bucket()));
      assertEquals(planned, merged);
      assertEquals("7", gold.currentSnapshot().summary().get(GoldSummaryKeys.ROWS_UPSERTED));
      assertEquals(1, results.stream().filter(r -> r.equals(GoldResult.NONE)).count(), "the twin: " + results);
      assertEquals(7, results.stream().mapToLong(GoldResult::rowsUpserted).sum(), results.toString());
      assertEquals(List.of(plan.target()), GoldFanOutTest.position(f).distinct());
      assertEquals(GoldMergeTest.oracle(model.recounts, model.changes), GoldMergeTest.gold(f), "nothing doubled");
      GoldFanOutTest.assertVerifies(f, "after the group commit");
      assertNoUncommittedFiles(gold, "the twin's files are deleted");
    }
  }

  /**
   * A bucket whose activity stops (its heartbeat fails: cancelled) while its request waits in the queue takes the
   * request back and deletes its files; nothing of it is committed, and the activity's retry commits it.
   */
  @Test
  void aBucketStoppedWhileWaitingForItsCommitTakesItsRequestBack(PosConfig config) throws Exception {
    try (EtlFixture f = loaded(config)) {
      model.append(f, List.of(change(1, 100002, GoldFanOutTest.S.plusSeconds(30), GoldMergeTest.SALE, -1)));
      GoldPlan plan = new GoldPlanner(f.res).plan(BUCKETS);
      GoldBucketTask task = plan.tasks().get(0);
      Table gold = f.table(CurrentInventoryTable.NAME);
      long snapshot = gold.currentSnapshot().snapshotId();
      GoldCommitQueue queue = GoldCommitQueue.of(gold);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (AutoCloseable held = queue.hold()) {
        Future<GoldResult> stopped = pool.submit(() -> new BucketMerge(f.res, beat -> {
          if (beat.contains("waiting for the commit")) throw new IllegalStateException("activity cancelled");
        }).run(task));
        ExecutionException e = assertThrows(ExecutionException.class, () -> stopped.get(60, TimeUnit.SECONDS));
        assertEquals("activity cancelled", e.getCause().getMessage());
        assertEquals(0, queue.pending(), "the request was taken back");
      } finally {
        pool.shutdownNow();
      }
      gold.refresh();
      assertEquals(snapshot, gold.currentSnapshot().snapshotId(), "nothing committed");
      assertNoUncommittedFiles(gold, "its files are deleted");
      assertEquals(1, GoldFanOutTest.bucket(f).run(task).rowsUpserted(), "the retry");
      assertEquals(GoldMergeTest.oracle(model.recounts, model.changes), GoldMergeTest.gold(f));
    }
  }

  @Test
  void aConflictInOneBucketOfAGroupFailsOnlyThatBucket(PosConfig config) throws Exception {
    try (EtlFixture f = loaded(config)) {
      int other = 2;
      while (GoldPosition.bucketOf(other, BUCKETS) == GoldPosition.bucketOf(1, BUCKETS)) other++;
      // store 1 gets a delete file (a merge-on-read touch), which the compaction below folds in
      model.append(f, List.of(change(1, 100002, GoldFanOutTest.S.plusSeconds(30), GoldMergeTest.SALE, -1)));
      new GoldMerge(f.res, w -> { }).buckets(BUCKETS).run();
      model.append(f, List.of(change(1, 100003, GoldFanOutTest.S.plusSeconds(60), GoldMergeTest.SALE, -2),
          change(other, 100004, GoldFanOutTest.S.plusSeconds(60), GoldMergeTest.SALE, -3)));
      GoldPlan plan = new GoldPlanner(f.res).plan(BUCKETS);
      assertEquals(2, plan.tasks().size(), plan.toString());
      Table gold = f.table(CurrentInventoryTable.NAME);

      List<Future<GoldResult>> results = runHeld(f, plan.tasks(), gold, () ->
          new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20, ProgressReporter.none()));

      GoldBucketTask conflicting = null;
      for (int i = 0; i < plan.tasks().size(); i++) {
        GoldBucketTask task = plan.tasks().get(i);
        int index = i;
        if (task.bucket() == GoldPosition.bucketOf(1, BUCKETS)) {
          conflicting = task;
          ExecutionException e = assertThrows(ExecutionException.class, () -> results.get(index).get());
          assertInstanceOf(ValidationException.class, e.getCause());
          assertEquals(task.from(), GoldFanOutTest.position(f).of(task.bucket(), BUCKETS), "the conflicting bucket");
        } else {
          assertEquals(1, get(results.get(i)).rowsUpserted(), "the other bucket commits");
          assertEquals(plan.target(), GoldFanOutTest.position(f).of(task.bucket(), BUCKETS));
        }
      }
      assertEquals(1, GoldFanOutTest.bucket(f).run(conflicting).rowsUpserted(), "the activity's retry");
      assertEquals(List.of(plan.target()), GoldFanOutTest.position(f).distinct());
      assertEquals(GoldMergeTest.oracle(model.recounts, model.changes), GoldMergeTest.gold(f));
      GoldFanOutTest.assertVerifies(f, "after the retry");
    }
  }

  /** Stores 1..7, all recounted, gold merged once in 4 buckets. */
  private EtlFixture loaded(PosConfig config) {
    EtlFixture f = new EtlFixture(config);
    GoldFanOutTest.moreStores(f);
    Random rnd = new Random(11);
    for (int store = 1; store <= 7; store++) model.recount(f, store, GoldFanOutTest.S, rnd, 1);
    GoldMergeTest.ingest(f);
    new GoldMerge(f.res, w -> { }).buckets(BUCKETS).run();
    return f;
  }

  private List<Future<GoldResult>> runHeld(EtlFixture f, List<GoldBucketTask> attempts, Table gold)
      throws Exception {
    return runHeld(f, attempts, gold, () -> { });
  }

  /** Runs the attempts at once, with the JVM's gold commits held until all of them wait, then {@code meanwhile}. */
  private List<Future<GoldResult>> runHeld(EtlFixture f, List<GoldBucketTask> attempts, Table gold,
      Runnable meanwhile) throws Exception {
    GoldCommitQueue queue = GoldCommitQueue.of(gold);
    ExecutorService pool = Executors.newFixedThreadPool(attempts.size());
    try {
      List<Future<GoldResult>> results = new ArrayList<>();
      try (AutoCloseable held = queue.hold()) {
        for (GoldBucketTask task : attempts) results.add(pool.submit(() -> GoldFanOutTest.bucket(f).run(task)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (queue.pending() < attempts.size()) {
          assertTrue(System.nanoTime() < deadline, "attempts waiting: " + queue.pending());
          for (Future<GoldResult> r : results) if (r.isDone()) get(r); // a failure before the commit: show it
          Thread.sleep(10);
        }
        meanwhile.run();
      }
      for (Future<GoldResult> r : results) {
        try {
          r.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException expectedByTheCaller) {
          // the caller asserts on each result
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static GoldResult get(Future<GoldResult> r) {
    try {
      return r.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Every file under gold's data directory was added by some commit. */
  private static void assertNoUncommittedFiles(Table gold, String what) {
    gold.refresh();
    Set<String> committed = new TreeSet<>();
    for (Snapshot s : gold.snapshots()) {
      s.addedDataFiles(gold.io()).forEach(d -> committed.add(d.location()));
      s.addedDeleteFiles(gold.io()).forEach(d -> committed.add(d.location()));
    }
    List<String> left = new ArrayList<>();
    for (FileInfo file : ((SupportsPrefixOperations) gold.io()).listPrefix(gold.location() + "/data/")) {
      if (!committed.contains(file.location())) left.add(file.location());
    }
    assertEquals(List.of(), left, what);
  }

  private static long snapshots(Table gold) {
    long n = 0;
    for (Snapshot ignored : gold.snapshots()) n++;
    return n;
  }
}
