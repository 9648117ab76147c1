package dev.poslake.activities.etl.gold;

import dev.poslake.activities.heartbeat.ProgressGatedHeartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Merges the stores of one bucket in parallel, at most {@value #PARALLEL_STORES} stores at once per JVM.
 *
 * <p>Why in parallel: a merge-on-read store costs a few object-store round trips (its new silver files, its gold
 * file, two small writes), so a run touching every store of a 100-store gold waited on I/O store after store
 * (measured: about 130 ms a store). Why a bound per JVM, not per bucket: a worker may run several bucket
 * activities at once, and memory is that many stores' pairs (a recomputed 100k-item store is tens of MB).
 *
 * <p>The activity's heartbeat must come from its own thread: this one, every few seconds while it waits (found by
 * `pos bench` at 1M transactions: a merge reading 5M rows without a heartbeat outlived the 60 s timeout, and
 * Temporal started a second, concurrent attempt). It beats only while the bucket's store threads make progress
 * (silver rows read, files and gold rows read, stores written), or, while some of its stores wait for a slot, while
 * the stores of the other buckets holding the slots do. So a hung store read stops the heartbeats and the heartbeat
 * timeout retries the attempt instead of the 30-minute start-to-close timeout. After {@link #STALL_LIMIT} without
 * progress the attempt gives up too, and frees its threads and slots.
 */
final class StoreRunner {
  static final int PARALLEL_STORES = 4;
  /**
   * Twice the ETL's 60 s heartbeat timeout: by then Temporal has retried the attempt elsewhere, and no store
   * phase goes that long without a row or a file (a 5M-row merge reads rows all the time).
   */
  static final Duration STALL_LIMIT = Duration.ofMinutes(2);

  /** Store slots of this JVM, shared by every bucket merge in it (fair: buckets get slots in turn). */
  private static final Semaphore SLOTS = new Semaphore(PARALLEL_STORES, true);
  /** The counters of the merges running in this JVM: their progress is what a bucket waiting for slots waits on. */
  private static final Set<MergeCounters> RUNNING = ConcurrentHashMap.newKeySet();

  private final Consumer<String> heartbeat;
  private final Duration every;
  private final Duration stallLimit;
  private final IntConsumer beforeStore;

  StoreRunner(Consumer<String> heartbeat, Duration every, Duration stallLimit, IntConsumer beforeStore) {
    this.heartbeat = heartbeat;
    this.every = every;
    this.stallLimit = stallLimit;
    this.beforeStore = beforeStore;
  }

  /** A store's hold on a slot; the runner gives back the slots of stores it abandons (a hung read never would). */
  private static final class Slot {
    private boolean held;
    private boolean done;

    synchronized boolean take() {
      if (done) return false;
      held = true;
      return true;
    }

    synchronized void release() {
      if (held && !done) SLOTS.release();
      done = true;
    }
  }

  /** Runs {@code merge} for every store; throws the first store's failure, or when progress stalls. */
  void run(String what, Collection<Integer> stores, IntConsumer merge, MergeCounters counters) {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_STORES, r -> {
      Thread t = new Thread(r, "gold-merge");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger waiting = new AtomicInteger();
    List<Slot> slots = new ArrayList<>();
    RUNNING.add(counters);
    try {
      List<Future<?>> merges = new ArrayList<>();
      for (int store : stores) {
        Slot slot = new Slot();
        slots.add(slot);
        waiting.incrementAndGet();
        merges.add(pool.submit(() -> {
          try {
            SLOTS.acquire();
          } finally {
            waiting.decrementAndGet();
          }
          if (!slot.take()) {
            SLOTS.release(); // abandoned while waiting
            return null;
          }
          try {
            beforeStore.accept(store);
            merge.accept(store);
            counters.storesDone.incrementAndGet();
          } finally {
            slot.release();
          }
          return null;
        }));
      }
      ProgressGatedHeartbeat gate = new ProgressGatedHeartbeat(
          () -> counters.progress() + (waiting.get() > 0 ? othersProgress(counters) : 0), heartbeat);
      for (Future<?> m : merges) {
        while (true) {
          try {
            m.get(every.toMillis(), TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException wait) {
            gate.beatIfAdvanced(() -> what + ": " + counters.storesDone.get() + " of " + stores.size()
                + " stores merged, " + counters.silverRowsRead.get() + " silver rows read");
            if (gate.sinceLastAdvance().compareTo(stallLimit) > 0) {
              throw new IllegalStateException(what + ": merge made no progress for " + stallLimit + " ("
                  + counters.storesDone.get() + " of " + stores.size() + " stores merged): a store thread is stuck");
            }
          }
        }
        gate.beatIfAdvanced(() -> what + ": " + counters.storesDone.get() + " of " + stores.size() + " stores merged");
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    } finally {
      RUNNING.remove(counters);
      pool.shutdownNow();
      slots.forEach(Slot::release);
    }
  }

  /** Slots free now (for tests: a stuck store's slot must come back when its bucket gives up). */
  static int freeSlots() {
    return SLOTS.availablePermits();
  }

  private static long othersProgress(MergeCounters self) {
    long sum = 0;
    for (MergeCounters c : RUNNING) if (c != self) sum += c.progress();
    return sum;
  }
}
