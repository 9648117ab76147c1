package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parse groups beyond the slots wait, heartbeating only while the groups holding the slots make progress. */
class ParseSlotsTest {
  @Test
  void aGroupWaitsForASlotAndBeatsWhileTheHolderParses() throws Exception {
    ParseSlots slots = new ParseSlots(1, Duration.ofMillis(20), Duration.ofSeconds(30));
    slots.acquire("holder", m -> { });
    AtomicInteger beats = new AtomicInteger();
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> slots.acquire("waiter", m -> beats.incrementAndGet()));
    for (int i = 0; i < 20; i++) {
      slots.parsed();
      Thread.sleep(25);
    }
    assertFalse(waiter.isDone(), "no slot while the holder has it");
    assertTrue(beats.get() >= 5, "beats while the holder progresses: " + beats.get());
    slots.release();
    waiter.get(5, TimeUnit.SECONDS);
    assertEquals(0, slots.freeSlots(), "the waiter holds the slot now");
    slots.release();
    assertEquals(1, slots.freeSlots());
  }

  @Test
  void aWaiterGivesUpWithoutHeartbeatsWhenTheHolderIsStuck() {
    ParseSlots slots = new ParseSlots(1, Duration.ofMillis(20), Duration.ofMillis(300));
    slots.acquire("stuck holder", m -> { });
    AtomicInteger beats = new AtomicInteger();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> slots.acquire("waiter", m -> beats.incrementAndGet()));
    assertTrue(e.getMessage().contains("one is stuck"), e.getMessage());
    assertEquals(0, beats.get(), "no heartbeat without progress: Temporal's timeout retries the waiter");
    assertEquals(0, slots.freeSlots(), "the stuck holder keeps its slot; the waiter took none");
  }
}
