package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two attempts of the silver step interleaved on purpose: a stale attempt (its worker paused, the activity timed
 * out and was retried) wakes up after its retry AND the next run have committed. It must write nothing, or gold
 * would count its rows twice.
 */
@ExtendWith(PosStackExtension.class)
class SilverConcurrencyTest {
  static final String T = "2026-11-25T10:15:00.000Z";

  @Test
  void staleAttemptWakingAfterTheNextRunsCommitWritesNothingTwice(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String t1 = UUID.randomUUID().toString();
      String t2 = UUID.randomUUID().toString();
      f.send(0, t1, message(t1, 1, 1, T, new int[][] {{100001, -1}}, null, null));
      f.send(1, "x", "not json");
      f.bronze();

      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch wake = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<SilverResult> stale = pool.submit(() -> new SilverProcessor(f.resources, () -> {
          paused.countDown();
          await(wake);
        }).process(0, ProgressReporter.none()));
        assertTrue(paused.await(60, TimeUnit.SECONDS), "the stale attempt reached its change commit");

        // its retry completes the batch, then the next run brings and processes new bronze rows
        SilverProcessorTest.silver(f);
        f.send(2, t2, message(t2, 1, 1, T, new int[][] {{100002, -2}}, null, null));
        f.send(3, "y", "not json either");
        f.bronze();
        SilverProcessorTest.silver(f);

        wake.countDown();
        try {
          stale.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException failedIsFine) {
          // failing is one right answer (its retry then finds nothing to do); writing rows is the wrong one
        }
      } finally {
        pool.shutdownNow();
      }
      Map<String, Integer> rows = SilverProcessorTest.changes(f); // fails on a row written twice
      assertEquals(Map.of(t1 + "/1/0/0", -1, t2 + "/1/0/0", -2), rows);
      assertEquals(2, f.rows(RejectedInventoryChangeTable.NAME).size(), "each reject once");
      assertEquals(0, SilverProcessorTest.silver(f).bronzeRecordsRead(), "nothing left for the next run");
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
