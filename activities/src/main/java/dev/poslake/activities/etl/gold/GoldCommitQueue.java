package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.gold.BucketCommit.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;

/**
 * The gold commits of one JVM, group-committed: requests that are waiting when a commit ends go into the next one
 * together ({@link BucketCommit#commitGroup}), on one committer thread per gold table. Measured at 100 stores, 8
 * buckets finishing their stores within a second of each other then took turns: the last bucket's commit waited
 * 1.1 s for the seven before it, a third of the whole touch.
 *
 * <p>A group holds requests planned from the same gold snapshot, for the same bucket count, through the same
 * catalog (the same {@link FileIO}); never two for the same bucket (two attempts of one bucket activity: the
 * second must see the first's outcome, not share its commit). Other processes still race, and validation decides.
 */
final class GoldCommitQueue {
  /** By catalog (its FileIO, weakly: a closed catalog's queues go with it), then by table location. */
  private static final Map<FileIO, Map<String, GoldCommitQueue>> QUEUES =
      Collections.synchronizedMap(new WeakHashMap<>());
  private static final ExecutorService COMMITTERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "gold-commit");
    t.setDaemon(true);
    return t;
  });

  private final LinkedList<Request> pending = new LinkedList<>(); // guarded by this
  private boolean draining; // guarded by this: a committer runs for this table

  private GoldCommitQueue() {}

  static GoldCommitQueue of(Table gold) {
    return QUEUES.computeIfAbsent(gold.io(), io -> new ConcurrentHashMap<>())
        .computeIfAbsent(gold.location(), l -> new GoldCommitQueue());
  }

  /** Queues the request; its {@code result} completes when a group commit has decided it. */
  void submit(Request r) {
    synchronized (this) {
      pending.add(r);
      if (draining) return;
      draining = true;
    }
    COMMITTERS.execute(this::drain);
  }

  /** Takes the request back if no commit has taken it yet. */
  synchronized boolean withdraw(Request r) {
    return pending.remove(r);
  }

  /**
   * Test seam: while held, requests only queue up; closing lets a committer take them (in one group where they
   * fit). Waits for a running committer to end first: it completes its group's results before it looks for more,
   * so a caller that saw its commit decided can get here while that committer still runs.
   */
  AutoCloseable hold() throws InterruptedException {
    synchronized (this) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (draining) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new IllegalStateException("a gold commit is still running after 60 s");
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      draining = true;
    }
    return () -> COMMITTERS.execute(this::drain);
  }

  /** Requests waiting for a commit (tests). */
  synchronized int pending() {
    return pending.size();
  }

  private void drain() {
    while (true) {
      List<Request> group;
      synchronized (this) {
        if (pending.isEmpty()) {
          draining = false;
          notifyAll(); // hold()
          return;
        }
        group = nextGroup();
      }
      try {
        BucketCommit.commitGroup(group);
      } catch (Throwable t) { // commitGroup decides every request; this only guards the committer
        group.forEach(r -> r.result.completeExceptionally(t));
      }
    }
  }

  /** The oldest request and the pending ones that can share its commit, in order; removed from the queue. */
  private List<Request> nextGroup() {
    Request first = pending.getFirst();
    List<Request> group = new ArrayList<>();
    Set<Integer> buckets = new HashSet<>();
    for (Iterator<Request> it = pending.iterator(); it.hasNext(); ) {
      Request r = it.next();
      boolean fits = r == first || (r.buckets == first.buckets && Objects.equals(r.baseId, first.baseId)
          && Collections.disjoint(r.from.keySet(), buckets));
      if (!fits) continue;
      group.add(r);
      buckets.addAll(r.from.keySet());
      it.remove();
    }
    return group;
  }
}
