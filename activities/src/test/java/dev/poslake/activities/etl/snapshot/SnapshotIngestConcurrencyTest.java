package dev.poslake.activities.etl.snapshot;

import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two attempts of the snapshot step racing on one recount file: the stale one checked "not ingested yet" and is
 * paused right before its commit while the other attempt ingests the file completely. When it wakes it must not
 * append the rows, the rejects or the ledger row a second time.
 */
@ExtendWith(PosStackExtension.class)
class SnapshotIngestConcurrencyTest {
  static final Instant T1 = Instant.parse("2026-11-20T08:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {InventorySnapshotTable.NAME, RejectedSnapshotRowTable.NAME, IngestedSnapshotFileTable.NAME})
  void staleAttemptPausedBetweenCheckAndCommitWritesNothingTwice(String pausedBefore, PosConfig config)
      throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      f.uploadCsv(1, T1, List.of(line(100001, 1, T1, 5), line(100002, 1, T1, 7), "100003,7,1,not a time,3"));
      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch wake = new CountDownLatch(1);
      AtomicBoolean once = new AtomicBoolean();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<SnapshotIngestResult> stale = pool.submit(() -> new SnapshotIngest(f.res, w -> {})
            .beforeCommit(table -> {
              if (table.endsWith(pausedBefore) && once.compareAndSet(false, true)) {
                paused.countDown();
                await(wake);
              }
            }).run());
        assertTrue(paused.await(60, TimeUnit.SECONDS), "the stale attempt reached its " + pausedBefore + " commit");
        new SnapshotIngest(f.res, w -> {}).run(); // the retry ingests the file completely
        wake.countDown();
        try {
          stale.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException failedIsFine) {
          // failing is one right answer; writing twice is the wrong one
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(2, TableReader.of(f.table(InventorySnapshotTable.NAME)).count(), "each row once");
      assertEquals(1, TableReader.of(f.table(RejectedSnapshotRowTable.NAME)).count(), "each reject once");
      assertEquals(1, TableReader.of(f.table(IngestedSnapshotFileTable.NAME)).count(), "one ledger row");
      SnapshotIngestResult next = new SnapshotIngest(f.res, w -> {}).run();
      assertEquals(0, next.filesIngested(), "nothing left for the next run");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
