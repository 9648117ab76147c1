package dev.poslake.activities.etl.gold;

import static dev.poslake.activities.etl.EtlFixture.change;
import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.snapshot.SnapshotIngest;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A store thread of the gold merge that hangs (a store read that never returns) must stop the activity's
 * heartbeats, so that Temporal's heartbeat timeout retries the attempt, and the attempt gives up by itself.
 */
@ExtendWith(PosStackExtension.class)
class GoldMergeStallTest {
  static final Instant S = Instant.parse("2026-11-20T08:00:00Z");
  static final int SALE = 1;
  static final Duration LOOK_EVERY = Duration.ofMillis(50);
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(2);

  @Test
  void aHungStoreStopsTheHeartbeatsAndTheMergeGivesUp(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      for (int store = 1; store <= 3; store++) {
        f.uploadCsv(store, S, List.of(line(100001, store, S, 10), line(100002, store, S, 20)));
      }
      new SnapshotIngest(f.res, w -> {}).run();
      Instant t = S.plusSeconds(60);
      f.appendChanges(List.of(change(1, 100001, t, SALE, -1), change(2, 100001, t, SALE, -2),
          change(3, 100002, t, SALE, -3)));

      CountDownLatch release = new CountDownLatch(1);
      List<Long> beats = Collections.synchronizedList(new ArrayList<>());
      GoldMerge hanging = new GoldMerge(f.res, what -> beats.add(System.nanoTime()))
          .beforeStore(store -> {
            if (store == 3) await(release);
          })
          .heartbeat(LOOK_EVERY, GIVE_UP_AFTER);
      ExecutorService activity = Executors.newSingleThreadExecutor();
      long started = System.nanoTime();
      try {
        Future<GoldResult> attempt = activity.submit(hanging::run);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> attempt.get(120, TimeUnit.SECONDS),
            "the merge neither gave up nor stopped heartbeating");
        long failedAt = System.nanoTime();
        IllegalStateException stall = assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertTrue(stall.getMessage().contains("no progress"), stall.getMessage());
        long lastBeat = beats.isEmpty() ? started : beats.get(beats.size() - 1);
        // looked 40 times while store 3 hung, and never beat
        assertTrue(failedAt - lastBeat >= GIVE_UP_AFTER.toNanos(), "heartbeats went on while a store hung: "
            + beats.size() + " beats, the last " + (failedAt - lastBeat) / 1_000_000 + " ms before giving up");
      } finally {
        release.countDown();
        activity.shutdownNow();
      }

      // nothing of the failed bucket was committed (the plan only moved the buckets without stores); the retry
      // merges every store
      assertEquals(0, SnapshotProperties.totalRecords(f.table(CurrentInventoryTable.NAME)));
      GoldResult retry = new GoldMerge(f.res, w -> {}).run();
      assertEquals(6, retry.rowsUpserted(), retry.toString());
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
