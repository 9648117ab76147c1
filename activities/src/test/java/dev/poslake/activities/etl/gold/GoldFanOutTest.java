package dev.poslake.activities.etl.gold;

import static dev.poslake.activities.etl.EtlFixture.change;
import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import dev.poslake.activities.etl.maintenance.Compactor;
import dev.poslake.activities.etl.snapshot.SnapshotIngest;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gold fan-out through its parts (plan, one merge per bucket, each committing its stores and its position),
 * without Temporal: the activities call exactly these. Buckets are merged in any order, crash before their
 * commit, are retried, left behind for a later run, re-bucketed, raced by a compaction and by stale attempts.
 */
@ExtendWith(PosStackExtension.class)
class GoldFanOutTest {
  static final Instant S = GoldMergeTest.S;
  static final int ITEMS = 12;
  static final int RUNS = 6;

  final List<SnapshotRow> recounts = new ArrayList<>();
  final List<ChangeRow> changes = new ArrayList<>();

  void recount(EtlFixture f, int store, Instant t, Random rnd, double share) {
    List<String> lines = new ArrayList<>();
    String key = RecountFileKey.of(store, t);
    for (int i = 0; i < ITEMS; i++) {
      if (rnd.nextDouble() >= share) continue;
      int q = rnd.nextInt(50);
      lines.add(line(100001 + i, store, t, q));
      recounts.add(new SnapshotRow(key, lines.size() + 1, 100001 + i, 7, store, t, q));
    }
    if (!lines.isEmpty()) f.uploadCsv(store, t, lines);
  }

  void append(EtlFixture f, List<ChangeRow> batch) {
    if (batch.isEmpty()) return;
    f.appendChanges(batch);
    changes.addAll(batch);
  }

  /** store.txt with stores 1..7 (the fixture has 1..3): recount rows of unknown stores are rejected. */
  static void moreStores(EtlFixture f) {
    dev.poslake.activities.reference.ReferenceTables.of(f.res).ensureUploaded(7);
  }

  static BucketMerge bucket(EtlFixture f) {
    return new BucketMerge(f.res, w -> { });
  }

  static GoldPosition position(EtlFixture f) {
    return GoldPosition.read(f.table(CurrentInventoryTable.NAME));
  }

  /** Gold's rows of the stores whose bucket is at {@code target} equal the SPEC's rule over everything. */
  void assertStoresAtTargetAreRecomputation(EtlFixture f, Inputs target, String when) {
    GoldPosition p = position(f);
    Map<Long, GoldRow> expected = new TreeMap<>();
    GoldMergeTest.oracle(recounts, changes).forEach((k, g) -> {
      if (p.forStore(PairKey.storeId(k)).equals(target)) expected.put(k, g);
    });
    Map<Long, GoldRow> actual = new TreeMap<>();
    GoldMergeTest.gold(f).forEach((k, g) -> {
      if (p.forStore(PairKey.storeId(k)).equals(target)) actual.put(k, g);
    });
    assertEquals(expected, actual, when);
  }

  /** Every store against the inputs its own bucket consumed: buckets may stand at different positions. */
  static void assertVerifies(EtlFixture f, String when) {
    VerifyReport v = new GoldVerifier(f.res, w -> { }).verify();
    assertTrue(v.ok(), when + ": " + v);
  }

  /**
   * Random runs of recounts (some late), silver appends (some late, some for pairs without a recount), silver
   * compactions, bucket counts that change, and per bucket: a plain merge, a crash before its commit (retried in
   * the same run or left for a later one: buckets then stand at different positions), a gold compaction racing its
   * commit (retried), or a retry after its commit. After every run the verifier finds gold equal to the full
   * recomputation from each bucket's own position, and the stores at the target equal an in-memory model.
   */
  @Test
  void fanOutEqualsFullRecomputationAfterRandomRuns(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      moreStores(f);
      Random rnd = new Random(20261202);
      Instant clock = S;
      int[] counts = {1, 2, 3, 4};
      List<GoldBucketTask> leftBehind = new ArrayList<>();
      Map<String, Integer> seen = new TreeMap<>(); // what the runs went through: none may be missing
      for (int run = 0; run < RUNS; run++) {
        String when = "run " + run;
        clock = clock.plus(Duration.ofHours(6));
        for (int k = rnd.nextInt(3) + (run == 0 ? 3 : 0); k > 0; k--) {
          recount(f, 1 + rnd.nextInt(7), clock.minus(Duration.ofHours(rnd.nextInt(30))).plusSeconds(k), rnd,
              run == 0 ? 1 : 0.6);
        }
        GoldMergeTest.ingest(f);
        List<ChangeRow> batch = new ArrayList<>();
        for (int n = rnd.nextInt(14); n > 0; n--) { // few per store: merge-on-read, so stores get several files
          Instant t = clock.minus(Duration.ofMinutes(rnd.nextInt(36 * 60))).truncatedTo(ChronoUnit.SECONDS);
          batch.add(change(rnd.nextInt(8), 100001 + rnd.nextInt(ITEMS + 2), t, 1 + rnd.nextInt(4),
              rnd.nextInt(21) - 10));
        }
        append(f, batch);
        if (rnd.nextInt(4) == 0) f.compactSilver();
        // buckets that crashed in an earlier run: a late retry before this run's plan still moves them
        List<GoldBucketTask> late = new ArrayList<>();
        for (GoldBucketTask old : leftBehind) {
          if (rnd.nextBoolean()) seen.merge(lateRetry(f, old, when), 1, Integer::sum); else late.add(old);
        }
        leftBehind.clear();

        if (position(f).distinct().size() > 1) seen.merge("planned with buckets behind", 1, Integer::sum);
        GoldPlan plan = new GoldPlanner(f.res).plan(counts[rnd.nextInt(counts.length)]);
        List<GoldBucketTask> tasks = new ArrayList<>(plan.tasks());
        Collections.shuffle(tasks, rnd);
        for (GoldBucketTask task : tasks) {
          switch (rnd.nextInt(5)) {
            case 0, 4 -> {
              assertThrows(IllegalStateException.class, () -> bucket(f).beforeCommit(() -> {
                throw new IllegalStateException("crash before commit");
              }).run(task));
              assertEquals(task.from(), position(f).of(task.bucket(), task.buckets()), when + ": crashed bucket moved");
              seen.merge("crash", 1, Integer::sum);
              if (rnd.nextInt(3) == 0) bucket(f).run(task); else leftBehind.add(task);
            }
            case 1 -> {
              boolean[] once = {true};
              try {
                bucket(f).beforeCommit(() -> {
                  if (once[0]) new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20,
                      ProgressReporter.none());
                  once[0] = false;
                }).run(task);
              } catch (ValidationException compactedUnderneath) {
                seen.merge("compacted underneath", 1, Integer::sum);
                bucket(f).run(task); // the activity's retry
              }
            }
            case 2 -> {
              bucket(f).run(task);
              assertEquals(GoldResult.NONE, bucket(f).run(task), when + ": retry after the commit");
            }
            default -> bucket(f).run(task);
          }
        }
        // ... and one after it commits nothing, unless its bucket crashed again in this run
        for (GoldBucketTask old : late) seen.merge(lateRetry(f, old, when), 1, Integer::sum);
        assertVerifies(f, when);
        assertStoresAtTargetAreRecomputation(f, plan.target(), when);
        if (leftBehind.isEmpty()) {
          assertEquals(List.of(plan.target()), position(f).distinct(), when + ": every bucket at the target");
        }
      }
      assertEquals(Set.of("compacted underneath", "crash", "late retry", "planned with buckets behind",
          "stale retry"), seen.keySet(), "the runs must go through every case: " + seen);
      // the next run brings every bucket to the target
      new GoldMerge(f.res, w -> { }).buckets(4).run();
      assertEquals(1, position(f).distinct().size());
      assertEquals(GoldMergeTest.oracle(recounts, changes), GoldMergeTest.gold(f));
      assertVerifies(f, "the end");
    }
  }

  /**
   * A bucket crashes after writing its files, after the other buckets committed: gold then holds the other buckets'
   * stores at the new position and this bucket's at the old one (and still verifies); the retry commits it once,
   * and a retry after that commits nothing.
   */
  @Test
  void aCrashInsideOneBucketWhileOthersCommittedIsRetriedExactlyOnce(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      moreStores(f);
      Random rnd = new Random(5);
      for (int store = 1; store <= 7; store++) recount(f, store, S, rnd, 1);
      GoldMergeTest.ingest(f);
      new GoldMerge(f.res, w -> { }).buckets(4).run();
      Instant t = S.plusSeconds(60);
      List<ChangeRow> batch = new ArrayList<>();
      for (int store = 1; store <= 7; store++) batch.add(change(store, 100001 + store, t, GoldMergeTest.SALE, -store));
      append(f, batch);

      GoldPlan plan = new GoldPlanner(f.res).plan(4);
      assertTrue(plan.tasks().size() >= 2, "stores 1..7 fall into several of 4 buckets: " + plan);
      GoldBucketTask crashing = plan.tasks().get(0);
      for (GoldBucketTask other : plan.tasks().subList(1, plan.tasks().size())) bucket(f).run(other);
      assertThrows(IllegalStateException.class, () -> bucket(f).beforeCommit(() -> {
        throw new IllegalStateException("worker died before the commit");
      }).run(crashing));
      GoldPosition mixed = position(f);
      assertEquals(2, mixed.distinct().size(), "the crashed bucket stays behind: " + mixed);
      assertEquals(crashing.from(), mixed.of(crashing.bucket(), 4));
      assertVerifies(f, "others committed, one bucket behind");
      assertStoresAtTargetAreRecomputation(f, plan.target(), "others committed");

      GoldResult retried = bucket(f).run(crashing);
      assertTrue(retried.rowsUpserted() > 0, retried.toString());
      long committed = f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId();
      assertEquals(GoldResult.NONE, bucket(f).run(crashing), "a retry after the commit");
      assertEquals(committed, f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId());
      assertEquals(List.of(plan.target()), position(f).distinct());
      assertEquals(GoldMergeTest.oracle(recounts, changes), GoldMergeTest.gold(f), "nothing doubled");
      assertVerifies(f, "after the retry");
      assertEquals(1, bucketCommits(f.table(CurrentInventoryTable.NAME), crashing.bucket(), plan.target()),
          "one commit moved the bucket to the target");
    }
  }

  /**
   * A bucket attempt paused right before its commit (its worker stalled, Temporal retried it elsewhere) wakes after
   * its retry committed and after the next run moved the bucket on: it commits nothing (its rows and its older
   * position would move gold back, and the next run would count rows again).
   */
  @Test
  void aStaleBucketAttemptWakingAfterANewerCommitCommitsNothing(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      Random rnd = new Random(9);
      for (int store = 1; store <= 3; store++) recount(f, store, S, rnd, 1);
      GoldMergeTest.ingest(f);
      new GoldMerge(f.res, w -> { }).buckets(2).run();
      append(f, List.of(change(1, 100001, S.plusSeconds(60), GoldMergeTest.SALE, -2),
          change(2, 100002, S.plusSeconds(60), GoldMergeTest.SALE, -3)));
      GoldPlan plan = new GoldPlanner(f.res).plan(2);
      GoldBucketTask task = plan.tasks().stream()
          .filter(x -> x.bucket() == GoldPosition.bucketOf(1, 2)).findFirst().orElseThrow();

      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch wake = new CountDownLatch(1);
      ExecutorService worker = Executors.newSingleThreadExecutor();
      try {
        Future<GoldResult> stale = worker.submit(() -> bucket(f).beforeCommit(() -> {
          paused.countDown();
          try {
            wake.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }).run(task));
        assertTrue(paused.await(60, TimeUnit.SECONDS));
        for (GoldBucketTask t : plan.tasks()) bucket(f).run(t); // the retry, and the other bucket
        // the next run: new rows of store 1 again
        append(f, List.of(change(1, 100001, S.plusSeconds(120), GoldMergeTest.SALE, -5)));
        new GoldMerge(f.res, w -> { }).buckets(2).run();
        long newest = f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId();
        wake.countDown();
        assertEquals(GoldResult.NONE, stale.get(60, TimeUnit.SECONDS));
        assertEquals(newest, f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId(), "the stale commit");
      } finally {
        wake.countDown();
        worker.shutdownNow();
      }
      assertEquals(-7, GoldMergeTest.gold(f).get(PairKey.of(1, 100001)).changeQuantity(),
          "store 1's pair counted -2 and -5 once each");
      assertEquals(GoldMergeTest.oracle(recounts, changes), GoldMergeTest.gold(f));
      assertVerifies(f, "after the stale attempt");
    }
  }

  /**
   * A gold table written before the fan-out (one position for all stores, in the old keys) is read as every bucket
   * at that position: verify and snapshot expiry keep working on it, and the first merge after the upgrade goes on
   * incrementally from there (reading only the new silver rows) and writes the bucketed position.
   */
  @Test
  void goldOfTheFormatBeforeTheFanOutUpgradesOnItsFirstMerge(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      Random rnd = new Random(3);
      for (int store = 1; store <= 3; store++) recount(f, store, S, rnd, 1);
      GoldMergeTest.ingest(f);
      append(f, List.of(change(1, 100001, S.plusSeconds(60), GoldMergeTest.SALE, -1),
          change(2, 100002, S.plusSeconds(60), GoldMergeTest.SALE, -2)));
      new GoldMerge(f.res, w -> { }).run();
      Inputs at = position(f).distinct().get(0);
      writeOldFormat(f, GoldMergeTest.gold(f), at);
      GoldPosition old = position(f);
      assertEquals(new GoldPosition(old.stateSnapshotId(), 0, List.of(at)), old);
      assertVerifies(f, "old format");

      List<ChangeRow> later = List.of(change(1, 100001, S.plusSeconds(120), GoldMergeTest.SALE, -3),
          change(3, 100003, S.plusSeconds(120), GoldMergeTest.RESTOCK, 4));
      append(f, later.subList(0, 1));
      append(f, later.subList(1, 2));
      new dev.poslake.activities.etl.maintenance.SnapshotExpirer(f.res)
          .expire(dev.poslake.catalog.tables.InventoryChangeTable.NAME, 0, 1, ProgressReporter.none());
      assertTrue(f.table(dev.poslake.catalog.tables.InventoryChangeTable.NAME).snapshot(at.silver()) != null,
          "expiry removed the silver snapshot the old-format gold consumed");

      GoldResult r = new GoldMerge(f.res, w -> { }).buckets(4).run();
      assertEquals(later.size(), r.silverRowsRead(), "only the rows appended since the old position: " + r);
      GoldPosition upgraded = position(f);
      assertEquals(4, upgraded.buckets());
      assertEquals(1, upgraded.distinct().size());
      for (Snapshot s : f.table(CurrentInventoryTable.NAME).snapshots()) {
        if (s.summary().containsKey(GoldSummaryKeys.BUCKET)) {
          assertEquals("incremental", s.summary().get(GoldSummaryKeys.MODE), s.summary().toString());
        }
      }
      assertEquals(GoldMergeTest.oracle(recounts, changes), GoldMergeTest.gold(f));
      assertVerifies(f, "upgraded");
    }
  }

  /** current_inventory as the gold merge before the fan-out left it: the rows and one position, in the old keys. */
  static void writeOldFormat(EtlFixture f, Map<Long, GoldRow> rows, Inputs at) {
    f.res.catalog().dropTable(f.res.table(CurrentInventoryTable.NAME), false);
    Table gold = dev.poslake.catalog.tables.PosTables.byName(CurrentInventoryTable.NAME)
        .ensure(f.res.catalog(), f.res.namespace());
    try (dev.poslake.catalog.io.RecordAppender out = dev.poslake.catalog.io.RecordAppender.forTable(gold)) {
      rows.values().forEach(g -> out.write(GoldRecords.gold(gold.schema(), g)));
      var append = gold.newAppend();
      out.complete().dataFiles().forEach(append::appendFile);
      append.set(GoldSummaryKeys.SILVER_SNAPSHOT_ID, Long.toString(at.silver()))
          .set(GoldSummaryKeys.LATEST_SNAPSHOT_ID, Long.toString(at.latest()))
          .set(GoldSummaryKeys.MODE, "incremental").commit();
    }
  }

  /**
   * A retry of a task from an earlier run: it commits if its bucket is still where that run found it (moving it to
   * that run's target), else nothing.
   */
  static String lateRetry(EtlFixture f, GoldBucketTask old, String when) {
    GoldPosition before = position(f);
    boolean stillThere = before.readableAs(old.buckets())
        && before.of(old.bucket(), old.buckets()).equals(old.from());
    long snapshot = f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId();
    GoldResult r = bucket(f).run(old);
    GoldPosition after = position(f);
    if (stillThere) {
      assertEquals(old.to(), after.of(old.bucket(), old.buckets()), when + ": late retry of " + old);
      return "late retry";
    }
    assertEquals(GoldResult.NONE, r, when + ": stale " + old);
    assertEquals(snapshot, f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId(), when + ": stale");
    return "stale retry";
  }

  /** Gold commits that merged {@code bucket} to {@code target} (pos.gold.bucket or pos.gold.merged-buckets). */
  static long bucketCommits(Table gold, int bucket, Inputs target) {
    long n = 0;
    for (Snapshot s : gold.snapshots()) {
      if (!GoldSummaryKeys.mergedBuckets(s.summary()).contains(bucket)) continue;
      int buckets = Integer.parseInt(s.summary().get(GoldSummaryKeys.BUCKETS));
      if (GoldPosition.parse(s.summary().get(GoldSummaryKeys.POSITIONS), buckets).get(bucket).equals(target)) n++;
    }
    assertNotEquals(0, n);
    return n;
  }
}
