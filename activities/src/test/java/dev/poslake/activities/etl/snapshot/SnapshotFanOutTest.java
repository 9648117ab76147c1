package dev.poslake.activities.etl.snapshot;

import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.domain.LatestSnapshotRule;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.gold.GoldMerge;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fanned-out snapshot step against the sequential one (the single activity of older runs) on the same recount
 * files, each in its own namespace: file groups and store buckets in parallel, crashes inside a file and between a
 * group's commits while other groups commit, racing attempts of overlapping groups. Every time the tables must
 * equal the sequential result, and latest/gold the full recomputation.
 */
@ExtendWith(PosStackExtension.class)
class SnapshotFanOutTest {
  static final Instant T0 = Instant.parse("2026-11-18T08:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-20T08:00:00Z");
  static final Instant T2 = Instant.parse("2026-11-25T08:00:00Z");
  static final Instant T3 = Instant.parse("2026-11-30T08:00:00Z");
  static final int STORES = 6;
  static final int ITEMS = 300;

  /** Two recounts per store (the second of half the items), an older one arriving late, and some bad lines. */
  static List<String> uploadRecounts(EtlFixture f, Random rnd) {
    ReferenceTables.of(f.res).ensureUploaded(STORES);
    List<String> keys = new ArrayList<>();
    for (int s = 1; s <= STORES; s++) {
      keys.add(f.uploadCsv(s, T1, recount(rnd, s, T1, ITEMS, s % 2 == 0)));
      keys.add(f.uploadCsv(s, T2, recount(rnd, s, T2, ITEMS / 2, s == 3)));
    }
    keys.add(f.uploadCsv(1, T0, recount(rnd, 1, T0, ITEMS, false)));
    return keys;
  }

  static List<String> recount(Random rnd, int store, Instant t, int items, boolean badLines) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      lines.add(line(100001 + i * 3 % ITEMS, store, t, rnd.nextInt(50)));
      if (badLines && i % 97 == 5) lines.add(i % 2 == 0 ? "x,7," + store + ",2026-11-20 08:00:00,1" : line(99, store, t, 1));
    }
    return lines;
  }

  @Test
  void groupsAndBucketsInParallelEqualTheSequentialStepAndTheFullRecomputation(PosConfig config) throws Exception {
    try (EtlFixture seq = new EtlFixture(config); EtlFixture par = new EtlFixture(config)) {
      Random rnd = new Random(11);
      uploadRecounts(par, rnd);
      new SnapshotIngest(seq.res, w -> { }).run();
      FanOutRun.run(par, 4, i -> IngestSeams.none());
      assertEquals(FanOutRun.tables(seq), FanOutRun.tables(par));
      assertLatestAndGoldAreTheFullRecomputation(par);

      // a second run: newer recounts of some stores and an older one of another, folded incrementally
      for (int s = 2; s <= 4; s++) par.uploadCsv(s, T3, recount(rnd, s, T3, ITEMS / 3, false));
      par.uploadCsv(5, T0, recount(rnd, 5, T0, ITEMS, true));
      new SnapshotIngest(seq.res, w -> { }).run();
      FanOutRun.run(par, 3, i -> IngestSeams.none());
      assertEquals(FanOutRun.tables(seq), FanOutRun.tables(par));
      assertLatestAndGoldAreTheFullRecomputation(par);
      assertEquals(0, new SnapshotIngest(par.res, w -> { }).plan(100, 4).files(), "nothing left");
    }
  }

  @Test
  void crashesInsideAFileAndBetweenCommitsWhileOtherGroupsCommitWriteNothingTwice(PosConfig config) throws Exception {
    try (EtlFixture seq = new EtlFixture(config); EtlFixture par = new EtlFixture(config)) {
      uploadRecounts(par, new Random(12));
      new SnapshotIngest(seq.res, w -> { }).run();
      RecountPlan plan = new SnapshotIngest(par.res, w -> { }).plan(100, 3);
      assertEquals(3, plan.groups().size());
      RecountFileGroup crashing = plan.groups().get(1);
      List<String> crashingKeys = crashing.files().stream().map(RecountObject::key).toList();
      String lastFile = crashingKeys.get(crashingKeys.size() - 1);
      // the other groups commit while group 1's first attempt dies after its rows commit (before the ledger)
      FanOutRun.inParallel(3, i -> {
        if (i != 1) return FanOutRun.step(par, IngestSeams.none()).ingest(plan.groups().get(i));
        assertThrows(IllegalStateException.class, () -> FanOutRun.step(par, IngestSeams.none().withCheckpoint(t -> {
          if (t.equals(InventorySnapshotTable.NAME)) throw new IllegalStateException("crash after the rows commit");
        })).ingest(crashing));
        return null;
      });
      assertTrue(rowsOf(par, crashingKeys) > 0, "the first attempt committed its rows");
      // the retry dies inside its last file, the next one completes
      assertThrows(IllegalStateException.class, () -> FanOutRun.step(par, IngestSeams.none().withMidFile((k, n) -> {
        if (k.equals(lastFile)) throw new IllegalStateException("crash inside " + k);
      })).ingest(crashing));
      RecountGroupResult done = FanOutRun.step(par, IngestSeams.none()).ingest(crashing);
      assertEquals(crashing.files().size(), done.filesIngested());
      FanOutRun.latest(par, 3);
      assertEquals(FanOutRun.tables(seq), FanOutRun.tables(par));
      assertLatestAndGoldAreTheFullRecomputation(par);
    }
  }

  /**
   * A stale attempt checked "not committed" for {f1, f2} and pauses right before a commit while an attempt of
   * another plan's group {f2, f3} ingests completely. Awake, it must commit f1 only: f2 once, whatever the table.
   */
  @ParameterizedTest
  @ValueSource(strings = {InventorySnapshotTable.NAME, RejectedSnapshotRowTable.NAME, IngestedSnapshotFileTable.NAME})
  void overlappingAttemptsRacingCommitEachFileOnce(String pausedBefore, PosConfig config) throws Exception {
    try (EtlFixture seq = new EtlFixture(config); EtlFixture par = new EtlFixture(config)) {
      Random rnd = new Random(13);
      for (Instant t : List.of(T0, T1, T2)) par.uploadCsv(2, t, recount(rnd, 2, t, 200, true));
      new SnapshotIngest(seq.res, w -> { }).run();
      List<RecountObject> files = new SnapshotIngest(par.res, w -> { }).plan(100, 1).groups().get(0).files();
      RecountFileGroup a = new RecountFileGroup(0, files.subList(0, 2));
      RecountFileGroup b = new RecountFileGroup(1, files.subList(1, 3));
      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch wake = new CountDownLatch(1);
      AtomicBoolean once = new AtomicBoolean();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<RecountGroupResult> stale = pool.submit(() -> FanOutRun.step(par, IngestSeams.none().withBeforeCommit(t -> {
          if (t.endsWith(pausedBefore) && once.compareAndSet(false, true)) {
            paused.countDown();
            await(wake);
          }
        })).ingest(a));
        assertTrue(paused.await(60, TimeUnit.SECONDS), "the stale attempt reached its " + pausedBefore + " commit");
        FanOutRun.step(par, IngestSeams.none()).ingest(b);
        wake.countDown();
        try {
          stale.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
          FanOutRun.step(par, IngestSeams.none()).ingest(a); // failing is a right answer too: then its retry
        }
      } finally {
        pool.shutdownNow();
      }
      FanOutRun.latest(par, 2);
      assertEquals(FanOutRun.tables(seq), FanOutRun.tables(par));
    }
  }

  private static long rowsOf(EtlFixture f, List<String> keys) {
    return TableReader.readAll(f.table(InventorySnapshotTable.NAME)).stream()
        .filter(r -> keys.contains((String) r.getField(InventorySnapshotTable.SOURCE_FILE))).count();
  }

  /** latest == the rule folded over every inventory_snapshot row; gold == GoldVerifier's full recomputation. */
  static void assertLatestAndGoldAreTheFullRecomputation(EtlFixture f) {
    Map<Long, SnapshotRow> expected = new HashMap<>();
    TableReader.of(f.table(InventorySnapshotTable.NAME))
        .forEach(r -> LatestSnapshotRule.offer(expected, SnapshotRecords.fromInventorySnapshot(r)));
    List<String> lines = new ArrayList<>();
    for (SnapshotRow r : expected.values()) {
      lines.add("latest " + r.storeId() + "/" + r.itemId() + " " + r.dateTime() + " q" + r.quantity() + " e"
          + r.employeeId() + " " + r.sourceFile() + ":" + r.lineNumber());
    }
    lines.sort(null);
    assertEquals(lines, FanOutRun.latest(f));
    new GoldMerge(f.res, w -> { }).run();
    VerifyReport report = new GoldVerifier(f.res, m -> { }).verify();
    assertTrue(report.ok(), report.toString());
    assertEquals(expected.size(), report.pairsCompared());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
