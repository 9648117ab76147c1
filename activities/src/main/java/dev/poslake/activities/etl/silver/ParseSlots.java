package dev.poslake.activities.etl.silver;

import dev.poslake.activities.heartbeat.ProgressGatedHeartbeat;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The silver parse groups that run at once in this JVM. Each group holds its keys and its Parquet writers' row groups
 * while it parses, and a worker takes every parse activity it is offered: a 5M-transaction batch (8 groups of about
 * 660,000 records) ran out of a 1 GiB heap with all 8 at once. A group waits here for a slot instead, one per core (at
 * least two), so memory is a few groups' worth whatever the batch.
 *
 * <p>A waiting group heartbeats only while the groups holding the slots make progress (records parsed in this JVM),
 * so a hung group stops the waiters' heartbeats too and Temporal retries them elsewhere; after {@link #stallLimit}
 * without progress a waiter gives up itself.
 */
final class ParseSlots {
  /** The JVM's slots. */
  static final ParseSlots JVM = new ParseSlots(Math.max(2, Runtime.getRuntime().availableProcessors()),
      Duration.ofSeconds(2), Duration.ofMinutes(2));

  private final int slots;
  private final Semaphore free;
  private final Duration poll;
  private final Duration stallLimit;
  /** Records parsed by the groups of this JVM: what a waiting group watches. */
  private final LongAdder parsed = new LongAdder();

  ParseSlots(int slots, Duration poll, Duration stallLimit) {
    this.slots = slots;
    this.free = new Semaphore(slots, true);
    this.poll = poll;
    this.stallLimit = stallLimit;
  }

  /** Takes a slot; while none is free, heartbeats as long as the others progress. Release it with {@link #release}. */
  void acquire(String what, Consumer<String> heartbeat) {
    try {
      if (free.tryAcquire()) return;
      ProgressGatedHeartbeat gate = new ProgressGatedHeartbeat(parsed::sum, heartbeat);
      while (!free.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS)) {
        gate.beatIfAdvanced(() -> what + ": waiting for one of this worker's " + slots + " parse slots");
        if (gate.sinceLastAdvance().compareTo(stallLimit) > 0) {
          throw new IllegalStateException(what + ": no parse slot for " + stallLimit + " and no progress in the "
              + slots + " groups holding them: one is stuck");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted while waiting for a parse slot", e);
    }
  }

  void release() {
    free.release();
  }

  /** Counts a parsed record (the progress waiting groups see). */
  void parsed() {
    parsed.increment();
  }

  int freeSlots() {
    return free.availablePermits();
  }
}
