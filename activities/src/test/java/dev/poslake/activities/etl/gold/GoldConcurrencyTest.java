package dev.poslake.activities.etl.gold;

import static dev.poslake.activities.etl.EtlFixture.change;
import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two attempts of the gold merge interleaved: the stale one computed its rows and is paused right before its
 * commit while a newer merge (its retry, which also sees newer silver rows) commits. When the stale one wakes it
 * must not commit: its rows and its older silver position would move gold back, and the next merge would count
 * rows again. It reads gold's position again right before committing, finds its bucket moved, and commits nothing;
 * the state guard would stop a commit that raced with that check.
 */
@ExtendWith(PosStackExtension.class)
class GoldConcurrencyTest {
  static final Instant S = Instant.parse("2026-11-20T08:00:00Z");

  @Test
  void staleMergeWakingAfterNewerMergesCommitsNothing(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      f.uploadCsv(1, S, List.of(line(100001, 1, S, 10), line(100002, 1, S, 20)));
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      Instant t1 = S.plusSeconds(60);
      f.appendChanges(List.of(change(1, 100001, t1, 1, -2)));

      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch wake = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<GoldResult> stale;
      try {
        stale = pool.submit(() -> new GoldMerge(f.res, w -> {}).beforeCommit(() -> {
          paused.countDown();
          try {
            wake.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }).run());
        assertTrue(paused.await(60, TimeUnit.SECONDS));
        // the retry runs later, when silver also holds a row of a pair without snapshot
        f.appendChanges(List.of(change(2, 100009, t1, 1, -1)));
        GoldMergeTest.merge(f);
        long newer = f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId();
        wake.countDown();
        // its bucket is no longer where it started: it deletes its files and commits nothing
        assertEquals(GoldResult.NONE, stale.get(60, TimeUnit.SECONDS));
        assertEquals(newer, f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId(), "the stale commit");
        // the next run, with rows
        f.appendChanges(List.of(change(1, 100002, t1.plusSeconds(60), 1, -5)));
        GoldMergeTest.merge(f);
      } finally {
        pool.shutdownNow();
      }
      var silver = f.table(InventoryChangeTable.NAME);
      assertEquals(SnapshotProperties.stateSnapshot(silver).orElseThrow().snapshotId(),
          Long.parseLong(SnapshotProperties.latest(f.table(CurrentInventoryTable.NAME),
              GoldSummaryKeys.SILVER_SNAPSHOT_ID).orElseThrow()), "gold's position never moves back");
      var gold = GoldMergeTest.gold(f);
      assertEquals(8, gold.get(PairKey.of(1, 100001)).currentInventory());
      assertEquals(15, gold.get(PairKey.of(1, 100002)).currentInventory());
      assertEquals(0, new GoldVerifier(f.res, w -> {}).verify().goldMismatches(), "gold == full recomputation");
    }
  }
}
