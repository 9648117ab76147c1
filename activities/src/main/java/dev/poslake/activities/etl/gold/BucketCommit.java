package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a bucket's files together with every bucket's position, exactly once. Right before committing it reads
 * gold's position again: the bucket must still be where the merge started from (else an earlier attempt committed
 * it, or a newer run moved it on: the files are deleted and nothing is committed). The commit copies the other
 * buckets' positions forward and carries a {@link StateGuard}: it applies only on the gold state just read, because
 * Iceberg would otherwise apply it on a newer state without our check and move another bucket's position back.
 * When another bucket committed in between, validation fails and the loop reads the position again; the written
 * files stay valid, since other buckets write other stores (conflicts are validated within this bucket's stores).
 * Commits of one JVM take turns instead of racing (as bronze's do); other processes still race, and validation
 * decides.
 */
final class BucketCommit {
  private static final Logger LOG = LoggerFactory.getLogger(BucketCommit.class);
  static final int MAX_ATTEMPTS = 100;

  enum Outcome { COMMITTED, ALREADY_COMMITTED, STALE }

  private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  /** How often a bucket waiting for another bucket's commit in this JVM says it is alive (heartbeats). */
  private static final long WAITING_REPORT_SECONDS = 5;

  private BucketCommit() {}

  /**
   * Moves buckets to {@code to}: each bucket in {@code from} whose position is still its value there. With
   * {@code required}, all of them must be (a bucket merge: one bucket); otherwise those that moved meanwhile are
   * left out (the plan moving buckets without work).
   *
   * @param base the gold snapshot the written files were planned from (null: gold was empty)
   * @param stores the stores written: conflicts are validated within them
   * @param summary informational properties added to the commit
   * @param waiting told every few seconds while this attempt waits for the JVM's other gold commits (heartbeats:
   *     eight buckets on one worker commit in turn, which can outlast a heartbeat timeout)
   */
  static Outcome commit(Table gold, GoldWrites writes, Snapshot base, Collection<Integer> stores, int n,
      Map<Integer, Inputs> from, boolean required, Inputs to, Map<String, String> summary, Runnable beforeCommit,
      Consumer<String> waiting) {
    Expression conflicts = stores.isEmpty() ? Expressions.alwaysFalse()
        : Expressions.in(CurrentInventoryTable.STORE_ID, stores.toArray());
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      beforeCommit.run(); // a test seam: outside the lock, so that a paused attempt does not block others
      Outcome outcome;
      ReentrantLock lock = LOCKS.computeIfAbsent(gold.location(), l -> new ReentrantLock());
      try {
        while (!lock.tryLock(WAITING_REPORT_SECONDS, TimeUnit.SECONDS)) {
          waiting.accept("gold buckets " + from.keySet() + ": waiting for another bucket's commit");
        }
        try {
          outcome = tryCommit(gold, writes, base, conflicts, n, from, required, to, summary);
        } finally {
          lock.unlock();
        }
        if (outcome != null) return outcome;
        Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        writes.abort();
        throw new IllegalStateException("interrupted", e);
      }
    }
    writes.abort();
    throw new IllegalStateException("could not commit gold buckets " + from.keySet() + " after " + MAX_ATTEMPTS
        + " attempts (too many concurrent gold commits); retry");
  }

  /** One attempt; null if a concurrent commit moved gold's state since it was read (read again and retry). */
  private static Outcome tryCommit(Table gold, GoldWrites writes, Snapshot base, Expression conflicts, int n,
      Map<Integer, Inputs> from, boolean required, Inputs to, Map<String, String> summary) {
    gold.refresh();
    GoldPosition state = GoldPosition.read(gold);
    if (!state.readableAs(n)) {
      writes.abort();
      LOG.info("gold buckets {}: gold is now bucketed by {}, not {}: a newer run re-bucketed it; nothing committed",
          from.keySet(), state.buckets(), n);
      return Outcome.STALE;
    }
    Inputs[] positions = state.expand(n);
    List<Integer> moved = new ArrayList<>();
    boolean allDone = true;
    for (Map.Entry<Integer, Inputs> e : from.entrySet()) {
      Inputs now = positions[e.getKey()];
      if (now.equals(e.getValue())) {
        positions[e.getKey()] = to;
        moved.add(e.getKey());
      } else {
        allDone &= now.equals(to);
        if (required) {
          writes.abort(); // our files must never be referenced
          LOG.info("gold bucket {} is at {}, not at {} where this attempt started: {}; nothing committed",
              e.getKey(), now, e.getValue(), now.equals(to) ? "another attempt committed it" : "stale attempt");
          return now.equals(to) ? Outcome.ALREADY_COMMITTED : Outcome.STALE;
        }
      }
    }
    if (moved.isEmpty()) {
      writes.abort();
      return allDone ? Outcome.ALREADY_COMMITTED : Outcome.STALE;
    }
    RowDelta delta = writes.rowDelta(base, StateGuard.unchangedSince(state.stateSnapshotId()), conflicts);
    GoldPosition.summary(positions).forEach(delta::set);
    summary.forEach(delta::set);
    if (!required || from.size() > 1) delta.set(GoldSummaryKeys.ADVANCED_BUCKETS, runs(moved));
    try {
      delta.commit();
    } catch (ValidationException e) {
      gold.refresh();
      Long now = GoldPosition.read(gold).stateSnapshotId();
      if (Objects.equals(now, state.stateSnapshotId())) {
        writes.abort(); // not the state: a file of these stores changed (e.g. compacted); the retry re-plans
        throw e;
      }
      LOG.debug("gold buckets {}: concurrent gold commit, reading the position again", from.keySet());
      return null;
    } catch (CommitStateUnknownException unknown) {
      writes.keep(); // the files may be referenced now: keep them
      throw unknown;
    } catch (RuntimeException e) {
      writes.abort();
      throw e;
    }
    writes.keep();
    return Outcome.COMMITTED;
  }

  /** Bucket numbers as ranges, e.g. {@code 0-3,5} (informational). */
  static String runs(List<Integer> buckets) {
    List<Integer> sorted = new ArrayList<>(buckets);
    sorted.sort(null);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
      if (out.length() > 0) out.append(',');
      out.append(sorted.get(i));
      if (j > i) out.append('-').append(sorted.get(j));
      i = j + 1;
    }
    return out.toString();
  }
}
