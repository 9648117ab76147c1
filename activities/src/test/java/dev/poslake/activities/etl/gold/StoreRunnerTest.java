package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

/**
 * Buckets merged on one worker share its store slots. A bucket whose stores wait for a slot must keep heartbeating
 * while the buckets holding the slots make progress (else Temporal would retry a healthy attempt), stop when they
 * hang, and a bucket that gives up must hand back the slot of its stuck store.
 */
class StoreRunnerTest {
  static final Duration LOOK = Duration.ofMillis(20);

  @Test
  void aBucketWaitingForSlotsBeatsOnlyWhileTheBucketsHoldingThemProgress() throws Exception {
    ExecutorService activities = Executors.newFixedThreadPool(2);
    CountDownLatch holding = new CountDownLatch(StoreRunner.PARALLEL_STORES);
    CountDownLatch release = new CountDownLatch(1);
    MergeCounters a = new MergeCounters();
    MergeCounters b = new MergeCounters();
    List<Long> beats = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean aProgresses = new java.util.concurrent.atomic.AtomicBoolean(true);
    try {
      // bucket A takes every slot, and reads rows until released (or only seems busy: no progress)
      Future<?> bucketA = activities.submit(() -> new StoreRunner(w -> { }, LOOK, Duration.ofMinutes(1), s -> { })
          .run("a", List.of(1, 2, 3, 4), store -> {
            holding.countDown();
            while (!await(release, 5)) if (aProgresses.get()) a.silverRowsRead.incrementAndGet();
          }, a));
      assertTrue(holding.await(30, TimeUnit.SECONDS));
      Future<?> bucketB = activities.submit(() -> new StoreRunner(w -> beats.add(System.nanoTime()), LOOK,
          Duration.ofSeconds(1), s -> { }).run("b", List.of(5), store -> b.steps.incrementAndGet(), b));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (beats.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
      assertTrue(!beats.isEmpty(), "bucket B waited for a slot without heartbeating while bucket A read rows");

      aProgresses.set(false); // A hangs: B must stop beating and give up
      ExecutionException failed = assertThrows(ExecutionException.class, () -> bucketB.get(30, TimeUnit.SECONDS));
      long failedAt = System.nanoTime();
      IllegalStateException stall = assertInstanceOf(IllegalStateException.class, failed.getCause());
      assertTrue(stall.getMessage().contains("no progress"), stall.getMessage());
      assertTrue(failedAt - beats.get(beats.size() - 1) >= Duration.ofSeconds(1).toNanos(),
          "B heartbeated while the stores holding the slots made no progress");
      assertEquals(0, b.storesDone.get(), "B's store never got a slot");
      release.countDown();
      bucketA.get(30, TimeUnit.SECONDS);
      assertEquals(StoreRunner.PARALLEL_STORES, StoreRunner.freeSlots());
    } finally {
      release.countDown();
      activities.shutdownNow();
    }
  }

  @Test
  void aBucketGivingUpOnAStuckStoreHandsBackItsSlot() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try {
      StoreRunner runner = new StoreRunner(w -> { }, LOOK, Duration.ofMillis(500), s -> { });
      IllegalStateException stall = assertThrows(IllegalStateException.class, () -> runner.run("stuck", List.of(1),
          store -> {
            // a read that ignores interrupts (as a blocked socket read may)
            while (true) {
              try {
                never.await();
                return;
              } catch (InterruptedException ignored) {
                // keep hanging
              }
            }
          }, new MergeCounters()));
      assertTrue(stall.getMessage().contains("no progress"), stall.getMessage());
      assertEquals(StoreRunner.PARALLEL_STORES, StoreRunner.freeSlots(), "the stuck store still holds its slot");
    } finally {
      never.countDown();
    }
  }

  private static boolean await(CountDownLatch latch, long millis) {
    try {
      return latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
