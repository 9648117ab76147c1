package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SharedPlansTest {
  @Test
  void callersOfOneKeyWaitForTheFirstPlanInsteadOfPlanningAgain() throws Exception {
    SharedPlans<String, Integer> plans = new SharedPlans<>(4);
    AtomicInteger planned = new AtomicInteger();
    CountDownLatch planning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> callers = new ArrayList<>();
      callers.add(pool.submit(() -> plans.get("k", () -> {
        planning.countDown();
        await(release);
        return planned.incrementAndGet();
      })));
      assertTrue(planning.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 7; i++) callers.add(pool.submit(() -> plans.get("k", planned::incrementAndGet)));
      release.countDown();
      for (Future<Integer> c : callers) assertEquals(1, c.get(10, TimeUnit.SECONDS));
      assertEquals(1, planned.get());
      assertEquals(2, plans.get("other", planned::incrementAndGet), "another key plans anew");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedPlanIsNotKeptAndAWaitingCallerPlansForItself() throws Exception {
    SharedPlans<String, String> plans = new SharedPlans<>(4);
    CountDownLatch planning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> failing = pool.submit(() -> plans.get("k", () -> {
        planning.countDown();
        await(release);
        throw new IllegalStateException("S3 down");
      }));
      assertTrue(planning.await(10, TimeUnit.SECONDS));
      AtomicReference<Thread> waiter = new AtomicReference<>();
      Future<String> waiting = pool.submit(() -> {
        waiter.set(Thread.currentThread());
        return plans.get("k", () -> "own plan");
      });
      // it must have found the running plan and wait for it (parked in join), else it would plan for itself later
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (waiter.get() == null || waiter.get().getState() != Thread.State.WAITING) {
        assertTrue(System.nanoTime() < deadline, "the second caller never waited");
        Thread.sleep(5);
      }
      release.countDown();
      assertEquals("S3 down", assertThrows(Exception.class, () -> failing.get(10, TimeUnit.SECONDS)).getCause()
          .getMessage());
      assertEquals("own plan", waiting.get(10, TimeUnit.SECONDS));
      assertEquals("next", plans.get("k", () -> "next"), "the failure is not served to later callers");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onlyTheMostRecentKeysAreKept() {
    SharedPlans<Integer, Integer> plans = new SharedPlans<>(2);
    AtomicInteger planned = new AtomicInteger();
    for (int key = 0; key < 3; key++) plans.get(key, planned::incrementAndGet);
    assertEquals(3, plans.get(2, planned::incrementAndGet), "kept");
    assertEquals(4, plans.get(0, planned::incrementAndGet), "evicted: planned again");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
