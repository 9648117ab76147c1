package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.CharSequenceSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a bucket's files together with every bucket's position, exactly once. Right before committing it reads
 * gold's position again: the bucket must still be where the merge started from (else an earlier attempt committed
 * it, or a newer run moved it on: the files are deleted and nothing is committed). The commit copies the other
 * buckets' positions forward and carries a {@link StateGuard}: it applies only on the gold state just read, because
 * Iceberg would otherwise apply it on a newer state without our check and move another bucket's position back.
 * When another process committed in between, validation fails and the loop reads the position again; the written
 * files stay valid, since other buckets write other stores (conflicts are validated within this bucket's stores).
 *
 * <p>The bucket merges of one JVM that wait at the same time commit together, in one Iceberg commit
 * ({@link GoldCommitQueue}); each is checked as if alone, and one that is stale or already committed is left out
 * of the group. A conflict within one bucket's stores fails only that bucket: the group is then committed bucket
 * by bucket.
 */
final class BucketCommit {
  private static final Logger LOG = LoggerFactory.getLogger(BucketCommit.class);
  static final int MAX_ATTEMPTS = 100;

  enum Outcome { COMMITTED, ALREADY_COMMITTED, STALE }

  /** How often a bucket waiting for its commit says it is alive (heartbeats). */
  private static final long WAITING_REPORT_SECONDS = 5;

  /** One bucket merge's (or the plan's) files and position move, waiting in a {@link GoldCommitQueue}. */
  static final class Request {
    final Table gold;
    final GoldWrites writes;
    final Long baseId;
    final Collection<Integer> stores;
    final int buckets;
    final Map<Integer, Inputs> from;
    final boolean required;
    final Inputs to;
    final Map<String, String> summary;
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    /** The buckets this request moves in the group commit being built (committer thread only). */
    private List<Integer> moved = List.of();

    private Request(Table gold, GoldWrites writes, Snapshot base, Collection<Integer> stores, int buckets,
        Map<Integer, Inputs> from, boolean required, Inputs to, Map<String, String> summary) {
      this.gold = gold;
      this.writes = writes;
      this.baseId = base == null ? null : base.snapshotId();
      this.stores = stores;
      this.buckets = buckets;
      this.from = from;
      this.required = required;
      this.to = to;
      this.summary = summary;
    }

    private void decide(Outcome outcome) {
      if (outcome != Outcome.COMMITTED) writes.abort(); // our files must never be referenced
      result.complete(outcome);
    }

    private void fail(RuntimeException e, boolean keepFiles) {
      if (keepFiles) writes.keep(); else writes.abort();
      result.completeExceptionally(e);
    }
  }

  private BucketCommit() {}

  /**
   * Moves buckets to {@code to}: each bucket in {@code from} whose position is still its value there. With
   * {@code required}, all of them must be (a bucket merge: one bucket); otherwise those that moved meanwhile are
   * left out (the plan moving buckets without work).
   *
   * @param base the gold snapshot the written files were planned from (null: gold was empty)
   * @param stores the stores written: conflicts are validated within them
   * @param summary informational properties added to the commit
   * @param beforeCommit runs before the request is queued (a test seam: throw to simulate a crash there)
   * @param waiting told every few seconds while the request waits for its commit (heartbeats: the JVM's gold
   *     commits come one after the other, which can outlast a heartbeat timeout)
   */
  static Outcome commit(Table gold, GoldWrites writes, Snapshot base, Collection<Integer> stores, int n,
      Map<Integer, Inputs> from, boolean required, Inputs to, Map<String, String> summary, Runnable beforeCommit,
      Consumer<String> waiting) {
    beforeCommit.run();
    Request request = new Request(gold, writes, base, stores, n, from, required, to, summary);
    GoldCommitQueue queue = GoldCommitQueue.of(gold);
    queue.submit(request);
    // Once a commit has taken the request, its files are the committer's: this thread must not delete them (the
    // caller's close does, unless the commit kept them) before the outcome is known, whatever stops it meanwhile.
    RuntimeException stopped = null; // a heartbeat's failure, e.g. the activity was cancelled
    boolean interrupted = false;
    try {
      while (true) {
        try {
          Outcome outcome = request.result.get(WAITING_REPORT_SECONDS, TimeUnit.SECONDS);
          if (stopped != null) throw stopped;
          return outcome;
        } catch (TimeoutException e) {
          if (stopped != null) continue;
          try {
            waiting.accept("gold buckets " + from.keySet() + ": waiting for the commit");
          } catch (RuntimeException heartbeatFailed) {
            stopped = heartbeatFailed;
            takeBack(queue, request, heartbeatFailed);
          }
        } catch (InterruptedException e) {
          interrupted = true;
          takeBack(queue, request, new IllegalStateException("interrupted", e));
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) throw r;
          throw new IllegalStateException("gold commit of buckets " + from.keySet() + " failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * Throws {@code why} after taking the request back and deleting its files, if no commit has taken it yet;
   * otherwise returns (the caller waits for the commit's outcome).
   */
  private static void takeBack(GoldCommitQueue queue, Request request, RuntimeException why) {
    if (queue.withdraw(request)) {
      request.writes.abort();
      throw why;
    }
  }

  /** Commits a group of requests (one or more), deciding each. Runs on the table's committer thread. */
  static void commitGroup(List<Request> group) {
    List<Request> open = new ArrayList<>(group);
    Table gold = open.get(0).gold;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS && !open.isEmpty(); attempt++) {
      try {
        if (tryCommit(gold, open)) return;
      } catch (GroupConflict conflict) {
        if (open.size() == 1) {
          open.get(0).fail((ValidationException) conflict.getCause(), false);
        } else {
          LOG.info("gold buckets {}: a conflict within a bucket's stores; committing them one by one", moving(open));
          for (Request r : open) commitGroup(List.of(r));
        }
        return;
      }
      try {
        Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        open.forEach(r -> r.fail(new IllegalStateException("interrupted"), false));
        return;
      }
    }
    open.forEach(r -> r.fail(new IllegalStateException("could not commit gold buckets " + r.from.keySet()
        + " after " + MAX_ATTEMPTS + " attempts (too many concurrent gold commits); retry"), false));
  }

  /** A validation failure that is not a concurrent state change: a file of some bucket's stores changed. */
  private static final class GroupConflict extends Exception {
    GroupConflict(ValidationException cause) {
      super(cause);
    }
  }

  /**
   * One attempt: decides the requests that are stale or done (removing them from {@code open}) and commits the
   * others. False if a concurrent commit moved gold's state since it was read (read again and retry).
   */
  private static boolean tryCommit(Table gold, List<Request> open) throws GroupConflict {
    gold.refresh();
    GoldPosition state = GoldPosition.read(gold);
    int n = open.get(0).buckets;
    if (!state.readableAs(n)) {
      LOG.info("gold buckets {}: gold is now bucketed by {}, not {}: a newer run re-bucketed it; nothing committed",
          moving(open), state.buckets(), n);
      open.forEach(r -> r.decide(Outcome.STALE));
      open.clear();
      return true;
    }
    Inputs[] positions = state.expand(n);
    for (Iterator<Request> it = open.iterator(); it.hasNext(); ) {
      Request r = it.next();
      Outcome decided = place(r, positions);
      if (decided != null) {
        r.decide(decided);
        it.remove();
      }
    }
    if (open.isEmpty()) return true;
    RowDelta delta = gold.newRowDelta().validateWith(StateGuard.unchangedSince(state.stateSnapshotId()));
    CharSequenceSet referenced = CharSequenceSet.empty();
    Set<Integer> stores = new TreeSet<>();
    for (Request r : open) {
      r.writes.addTo(delta, referenced);
      stores.addAll(r.stores);
    }
    Long base = open.get(0).baseId; // a group shares its base
    if (base != null) {
      delta.validateFromSnapshot(base).conflictDetectionFilter(stores.isEmpty() ? Expressions.alwaysFalse()
              : Expressions.in(CurrentInventoryTable.STORE_ID, stores.toArray()))
          .validateNoConflictingDataFiles().validateNoConflictingDeleteFiles().validateDeletedFiles();
      if (!referenced.isEmpty()) delta.validateDataFilesExist(referenced);
    }
    GoldPosition.summary(positions).forEach(delta::set);
    summary(open).forEach(delta::set);
    try {
      delta.commit();
    } catch (ValidationException e) {
      gold.refresh();
      Long now = GoldPosition.read(gold).stateSnapshotId();
      if (Objects.equals(now, state.stateSnapshotId())) {
        throw new GroupConflict(e); // not the state: a file of these stores changed (e.g. compacted)
      }
      LOG.debug("gold buckets {}: concurrent gold commit, reading the position again", moving(open));
      return false;
    } catch (CommitStateUnknownException unknown) {
      open.forEach(r -> r.fail(unknown, true)); // the files may be referenced now: keep them
      open.clear();
      return true;
    } catch (RuntimeException e) {
      open.forEach(r -> r.fail(e, false));
      open.clear();
      return true;
    }
    open.forEach(r -> {
      r.writes.keep();
      r.result.complete(Outcome.COMMITTED);
    });
    open.clear();
    return true;
  }

  /**
   * Moves the request's buckets in {@code positions}, or returns its outcome when it cannot commit: a bucket that
   * must move is elsewhere (committed by another attempt, or a stale attempt), or none is left to move.
   */
  private static Outcome place(Request r, Inputs[] positions) {
    List<Integer> moved = new ArrayList<>();
    boolean allDone = true;
    for (Map.Entry<Integer, Inputs> e : r.from.entrySet()) {
      Inputs now = positions[e.getKey()];
      if (now.equals(e.getValue())) {
        moved.add(e.getKey());
      } else {
        allDone &= now.equals(r.to);
        if (r.required) {
          LOG.info("gold bucket {} is at {}, not at {} where this attempt started: {}; nothing committed",
              e.getKey(), now, e.getValue(), now.equals(r.to) ? "another attempt committed it" : "stale attempt");
          return now.equals(r.to) ? Outcome.ALREADY_COMMITTED : Outcome.STALE;
        }
      }
    }
    if (moved.isEmpty()) return allDone ? Outcome.ALREADY_COMMITTED : Outcome.STALE;
    for (int b : moved) positions[b] = r.to;
    r.moved = moved;
    return null;
  }

  /**
   * The commit's informational properties: a lone request's own (and the buckets it advanced, for the plan's);
   * for a group, the buckets it merges (and advances) and the counts summed.
   */
  private static Map<String, String> summary(List<Request> open) {
    Map<String, String> out = new LinkedHashMap<>();
    if (open.size() == 1) {
      Request r = open.get(0);
      out.putAll(r.summary);
      if (!r.required || r.from.size() > 1) {
        out.put(GoldSummaryKeys.ADVANCED_BUCKETS, GoldSummaryKeys.bucketRuns(r.moved));
      }
      return out;
    }
    List<Integer> merged = new ArrayList<>();
    List<Integer> advanced = new ArrayList<>();
    for (Request r : open) (r.required ? merged : advanced).addAll(r.moved);
    if (!merged.isEmpty()) out.put(GoldSummaryKeys.MERGED_BUCKETS, GoldSummaryKeys.bucketRuns(merged));
    if (!advanced.isEmpty()) out.put(GoldSummaryKeys.ADVANCED_BUCKETS, GoldSummaryKeys.bucketRuns(advanced));
    for (String key : List.of(GoldSummaryKeys.KEYS_TOUCHED, GoldSummaryKeys.ROWS_UPSERTED,
        GoldSummaryKeys.PAIRS_WITHOUT_SNAPSHOT)) {
      long sum = 0;
      for (Request r : open) sum += Long.parseLong(r.summary.getOrDefault(key, "0"));
      out.put(key, Long.toString(sum));
    }
    Set<String> modes = new TreeSet<>();
    for (Request r : open) {
      if (r.summary.containsKey(GoldSummaryKeys.MODE)) modes.add(r.summary.get(GoldSummaryKeys.MODE));
    }
    if (!modes.isEmpty()) out.put(GoldSummaryKeys.MODE, String.join(",", modes));
    return out;
  }

  /** The buckets the requests move (or would: all of theirs before they are placed), as ranges. */
  private static String moving(List<Request> requests) {
    List<Integer> buckets = new ArrayList<>();
    for (Request r : requests) buckets.addAll(r.moved.isEmpty() ? r.from.keySet() : r.moved);
    return GoldSummaryKeys.bucketRuns(buckets);
  }
}
