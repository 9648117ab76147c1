package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.domain.GoldAccumulator;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.GoldRule;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.snapshot.SnapshotLog;
import dev.poslake.activities.etl.snapshot.SnapshotRecords;
import dev.poslake.activities.etl.snapshot.SnapshotSummaryKeys;
import dev.poslake.activities.heartbeat.ProgressGatedHeartbeat;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.StoreTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental gold merge (Temporal-free). A {@code current_inventory} state is a function of the silver
 * snapshot and the latest-snapshot state it was computed from; both ids are in its commit summary
 * ({@link GoldSummaryKeys}). One merge moves it to the newest silver append C (never a compaction on top of it)
 * and the newest consistent latest_inventory_snapshot state L (an upsert marker snapshot), store by store:
 * <ul>
 *   <li><b>recompute</b> ({@link GoldRule#compute}) the pairs whose latest snapshot changed: latest rows (as of L)
 *       that come from a recount file ingested after the previous L (found from inventory_snapshot commit
 *       summaries, {@link SnapshotLog}), reading the store's silver files as of C that can hold rows with
 *       date_time >= the smallest S among them;</li>
 *   <li><b>extend</b> every other pair with the silver rows appended since the previous C (the files the
 *       append snapshots added, {@link NewSilverFiles}: compactions add none, so nothing counts twice), folded
 *       per pair ({@link PairDelta}); a pair whose new rows are older than its gold row is recomputed instead;</li>
 *   <li>pairs with changes but no snapshot are counted, not written.</li>
 * </ul>
 * A silver file both new and needed for a recompute is read once. Memory is bounded by one store's pairs, never
 * by the batch. Each changed store is written either copy-on-write (all its rows, its old files removed) or,
 * when few of its rows change, merge-on-read (position deletes of the old rows plus a file of the new ones),
 * see {@link #COPY_ON_WRITE_FRACTION}; everything goes into one {@code RowDelta} that also records C and L
 * ({@link GoldWrites}). <b>Full mode</b> recomputes every pair store by store (stores of
 * latest_inventory_snapshot and of the {@code store} table): the recovery path when the previous C is no
 * longer an ancestor of the current one (expired or rolled back).
 */
public final class GoldMerge {
  /**
   * A store is rewritten copy-on-write when more than this fraction of its rows change (or it has none yet);
   * below it the merge writes deletes plus new rows. Why 1/10: above that the rewrite costs little more than the
   * read the merge does anyway, and readers would otherwise apply deletes to a large part of the store until the
   * next compaction.
   */
  static final double COPY_ON_WRITE_FRACTION = 0.1;

  private static final Logger LOG = LoggerFactory.getLogger(GoldMerge.class);
  private final PipelineResources resources;
  private final Consumer<String> progress;
  private Runnable beforeCommit = () -> {};
  private IntConsumer beforeStore = store -> {};
  private Duration heartbeatEvery = Duration.ofSeconds(5);
  private Duration stallLimit = STALL_LIMIT;

  public GoldMerge(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  /** Test seam: runs after everything is written, just before the commit; throw to simulate a crash there. */
  public GoldMerge beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
    return this;
  }

  /** Test seam: runs on a merge thread before it merges {@code store}; block to simulate a hung store read. */
  public GoldMerge beforeStore(IntConsumer hook) {
    this.beforeStore = hook;
    return this;
  }

  /** Test seam: how often the waiting thread looks at the progress, and when it gives up on a stuck merge. */
  GoldMerge heartbeat(Duration every, Duration giveUpAfter) {
    this.heartbeatEvery = every;
    this.stallLimit = giveUpAfter;
    return this;
  }

  /** Per-run state. */
  private final class Run {
    final Table silver = table(InventoryChangeTable.DEFINITION.name());
    final Table latest = table(LatestInventorySnapshotTable.NAME);
    final Table snapshots = table(InventorySnapshotTable.NAME);
    final Table gold = table(CurrentInventoryTable.NAME);
    final Schema changeColumns = silver.schema().select(GoldRecords.CHANGE_COLUMNS);
    Long silverTo;
    Long latestTo;
    Snapshot goldBase;
    /** The gold state (newest merge commit) this run computes from: its commit applies only on it. */
    StateGuard goldState;
    boolean full;
    /** Recount files new to gold, by store (incremental mode only). */
    Set<String> changedFiles = Set.of();
    Set<Integer> changedStores = Set.of();
    /** Silver files new to gold (incremental mode only). */
    NewSilverFiles newFiles;
    // stores merge in parallel: shared counters are atomic
    final AtomicLong keysTouched = new AtomicLong();
    final AtomicLong rowsUpserted = new AtomicLong();
    final AtomicLong pairsWithoutSnapshot = new AtomicLong();
    final AtomicLong silverRowsRead = new AtomicLong();
    final AtomicLong newestEventMillis = new AtomicLong();
    final AtomicLong storesDone = new AtomicLong();
    /** Progress besides silver rows: latest rows, file lists and gold rows read, stores written and done. */
    final AtomicLong steps = new AtomicLong();
    // thread time summed over stores, for the log: where a merge spends it
    final AtomicLong inputNanos = new AtomicLong();
    final AtomicLong goldReadNanos = new AtomicLong();
    final AtomicLong writeNanos = new AtomicLong();
  }

  private Table table(String name) {
    // ensure: a merge or verify before the first table set-up sees empty tables rather than failing
    Table t = dev.poslake.catalog.tables.PosTables.byName(name).ensure(resources.catalog(), resources.namespace());
    t.refresh();
    return t;
  }

  public GoldResult run() {
    Run run = new Run();
    run.goldBase = run.gold.currentSnapshot();
    run.goldState = StateGuard.unchangedSince(run.gold);
    Long prevSilver = property(run.gold, GoldSummaryKeys.SILVER_SNAPSHOT_ID);
    Long prevLatest = property(run.gold, GoldSummaryKeys.LATEST_SNAPSHOT_ID);
    // the newest append, never a compaction (replace) on top of it: same rows, and what PipelineLag compares with;
    // recording a replace id made an idle run after a compaction merge again and PipelineLag report gold behind
    // silver until the next silver append
    run.silverTo = SnapshotProperties.stateSnapshot(run.silver).map(Snapshot::snapshotId).orElse(null);
    Snapshot latestTo = SnapshotProperties.latestSnapshotWith(run.latest,
        s -> s.summary().containsKey(SnapshotSummaryKeys.LATEST_FOLDED_UPTO)).orElse(null);
    run.latestTo = latestTo == null ? null : latestTo.snapshotId();
    if (Objects.equals(prevSilver, run.silverTo) && Objects.equals(prevLatest, run.latestTo)) {
      return new GoldResult(0, 0, 0, 0, 0); // a retry after the commit, or nothing new
    }
    // the first merge is incremental from nothing (every recount new, every silver row new); full mode is the
    // recovery path when the consumed silver snapshot is gone from the history
    run.full = prevSilver != null && run.silverTo != null && !isAncestor(run.silver, prevSilver, run.silverTo);
    if (!run.full) {
      findChangedSnapshots(run, prevLatest, latestTo);
    }
    Set<Integer> stores = new TreeSet<>();
    if (!run.full) {
      try {
        run.newFiles = NewSilverFiles.plan(run.silver, prevSilver, run.silverTo);
        Set<Integer> candidates = run.newFiles.candidateStores();
        if (candidates == null) {
          run.full = true;
        } else {
          stores.addAll(candidates);
          stores.addAll(run.changedStores);
          run.newestEventMillis.set(run.newFiles.newestEventMillis());
        }
      } catch (UnsupportedOperationException overwriteInRange) {
        // silver is append-only (+ replace compactions); an overwrite means someone rewrote rows: start over in full
        run.full = true;
      }
    }
    if (run.full) {
      stores.clear();
      stores.addAll(GoldRecords.partitionStores(run.latest, run.latestTo));
      TableReader.of(table(StoreTable.NAME)).forEach(r -> stores.add((Integer) r.getField(StoreTable.STORE_ID)));
    }
    long t0 = System.nanoTime();
    GoldFiles files = GoldFiles.plan(run.gold, run.goldBase == null ? null : run.goldBase.snapshotId(), stores);
    try (GoldWrites writes = new GoldWrites(run.gold)) {
      long t1 = System.nanoTime();
      mergeInParallel(run, stores, files, writes);
      long t2 = System.nanoTime();
      writes.commit(run.goldBase, run.goldState, summary(run), beforeCommit);
      LOG.info("gold merge ({}): {} stores, {} copy-on-write, {} merge-on-read, {} rows upserted, {} silver rows read;"
          + " ms: plan gold {}, stores {} (summed over threads: inputs {}, gold rows {}, writes {}), commit {}",
          run.full ? "full" : "incremental", stores.size(), writes.storesRewritten(), writes.storesMergedOnRead(),
          run.rowsUpserted, run.silverRowsRead, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
          run.inputNanos.get() / 1_000_000, run.goldReadNanos.get() / 1_000_000, run.writeNanos.get() / 1_000_000,
          (System.nanoTime() - t2) / 1_000_000);
    }
    return new GoldResult(run.keysTouched.get(), run.rowsUpserted.get(), run.pairsWithoutSnapshot.get(),
        run.silverRowsRead.get(), run.newestEventMillis.get());
  }

  /** Which latest rows changed since the previous merge: those from recount files folded in after it. */
  private void findChangedSnapshots(Run run, Long prevLatest, Snapshot latestTo) {
    if (latestTo == null) return; // no snapshot at all yet
    long isTo = Long.parseLong(latestTo.summary().get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO));
    Long isFrom = null;
    if (prevLatest != null) {
      Snapshot prev = run.latest.snapshot(prevLatest);
      if (prev == null) {
        run.full = true; // expired: we cannot know what changed since
        return;
      }
      isFrom = Long.parseLong(prev.summary().get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO));
    }
    if (isFrom != null && isFrom == isTo) return;
    SnapshotLog log = SnapshotLog.between(run.snapshots, isFrom, isTo);
    if (!log.complete()) {
      run.full = true;
      return;
    }
    run.changedFiles = log.files();
    run.changedStores = log.stores();
  }

  /** Merges one store and hands its changed rows to {@code writes}. */
  private void mergeStore(Run run, int store, GoldFiles files, GoldWrites writes) {
    long started = System.nanoTime();
    // the latest rows are only needed where a recount changed them; elsewhere the gold row carries Q, and its
    // date_time (>= S) decides which new rows extend it exactly
    Map<Long, SnapshotRow> latest = run.full || run.changedStores.contains(store) ? readLatest(run, store, null) : null;
    run.steps.incrementAndGet();
    Map<Long, GoldAccumulator> recompute = new HashMap<>();
    Instant minS = null;
    if (latest != null) {
      for (SnapshotRow s : latest.values()) {
        if (run.full || run.changedFiles.contains(s.sourceFile())) {
          recompute.put(s.pairKey(), GoldAccumulator.start(s));
          if (minS == null || s.dateTime().isBefore(minS)) minS = s.dateTime();
        }
      }
    }
    // the silver files to read, each once: as of C for the recomputed pairs, and the new ones for the others
    Map<String, DataFile> toRead = new LinkedHashMap<>();
    Set<String> asOfC = new HashSet<>();
    if (!recompute.isEmpty() && run.silverTo != null) {
      Expression where = Expressions.equal(InventoryChangeTable.STORE_ID, store);
      if (!run.full) where = Expressions.and(where,
          Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, micros(minS)));
      for (DataFile f : silverFiles(run.silver, run.silverTo, where)) {
        toRead.put(f.location(), f);
        asOfC.add(f.location());
      }
      run.steps.incrementAndGet();
    }
    Set<String> fresh = new HashSet<>();
    if (!run.full) {
      for (DataFile f : run.newFiles.forStore(store)) {
        toRead.putIfAbsent(f.location(), f);
        fresh.add(f.location());
      }
    }
    Map<Long, PairDelta> deltas = new HashMap<>();
    Set<Long> withoutSnapshot = new HashSet<>();
    for (DataFile f : toRead.values()) {
      boolean inC = asOfC.contains(f.location());
      boolean isNew = fresh.contains(f.location());
      DataFileRecords.forEach(run.silver, f, run.changeColumns, r -> {
        if ((Integer) r.getField(InventoryChangeTable.STORE_ID) != store) return;
        ChangeRow c = GoldRecords.change(r);
        run.silverRowsRead.incrementAndGet();
        long key = PairKey.of(c.storeId(), c.itemId());
        GoldAccumulator a = recompute.get(key);
        if (a != null) {
          if (inC) a.accept(c); // a new file no longer live in C was compacted into one that is: count once
        } else if (isNew) {
          deltas.computeIfAbsent(key, k -> new PairDelta()).add(c);
        } else if (run.full) {
          withoutSnapshot.add(key); // full mode recomputes every pair that has a snapshot
        }
        if (run.full) run.newestEventMillis.accumulateAndGet(c.dateTime().toEpochMilli(), Math::max);
      });
      run.steps.incrementAndGet(); // a file without rows of this store is progress too
    }
    Set<Long> touched = new HashSet<>(recompute.keySet());
    touched.addAll(deltas.keySet());
    long inputRead = System.nanoTime();
    run.inputNanos.addAndGet(inputRead - started);
    if (touched.isEmpty() && withoutSnapshot.isEmpty()) return;

    GoldFiles.StoreFiles storeFiles = files.of(store);
    long liveRows = storeFiles.liveRows();
    boolean copyOnWrite = liveRows == 0 || touched.size() > COPY_ON_WRITE_FRACTION * liveRows;
    // copy-on-write needs every row of the store; merge-on-read only the touched pairs' rows and positions
    Map<Long, GoldFiles.Located> previous = copyOnWrite ? files.read(store, k -> true) : files.find(store, touched);
    run.steps.incrementAndGet();
    run.goldReadNanos.addAndGet(System.nanoTime() - inputRead);
    Map<Long, GoldRow> results = new HashMap<>();
    recompute.forEach((key, a) -> results.put(key, a.result()));
    Set<Long> redo = new HashSet<>();
    for (Map.Entry<Long, PairDelta> e : deltas.entrySet()) {
      long key = e.getKey();
      GoldFiles.Located prev = previous.get(key);
      SnapshotRow snap = latest == null ? null : latest.get(key);
      if (latest != null ? snap == null : prev == null) {
        // no snapshot (an unchanged store's latest pairs all have a gold row)
        withoutSnapshot.add(key);
      } else if (prev == null || (snap != null && !GoldRule.isConsistent(prev.row(), snap.dateTime(), snap.quantity()))) {
        redo.add(key); // cannot happen if gold was consistent; recomputing is always correct
      } else if (e.getValue().extendsExactly(snap != null ? snap.dateTime() : prev.row().dateTime())) {
        results.put(key, e.getValue().extend(prev.row()));
      } else {
        redo.add(key); // new rows older than the gold row: only S tells which count
      }
    }
    if (!redo.isEmpty()) {
      withoutSnapshot.addAll(recomputePairs(run, store, latest, redo, results));
    }
    run.keysTouched.addAndGet(touched.size() + (run.full ? withoutSnapshot.size() : 0));
    run.pairsWithoutSnapshot.addAndGet(withoutSnapshot.size());

    List<GoldRow> changed = new ArrayList<>();
    List<GoldFiles.Located> replaced = new ArrayList<>();
    for (GoldRow g : results.values()) {
      GoldFiles.Located prev = previous.get(PairKey.of(g.storeId(), g.itemId()));
      if (prev == null || !prev.row().equals(g)) {
        changed.add(g);
        if (prev != null) replaced.add(prev);
      }
    }
    run.rowsUpserted.addAndGet(changed.size());
    if (changed.isEmpty()) return;
    long writeStarted = System.nanoTime();
    if (copyOnWrite) {
      Map<Long, GoldRow> all = new HashMap<>();
      previous.forEach((key, p) -> all.put(key, p.row()));
      for (GoldRow g : changed) all.put(PairKey.of(g.storeId(), g.itemId()), g);
      writes.copyOnWrite(storeFiles, new ArrayList<>(all.values()));
    } else {
      writes.mergeOnRead(store, replaced, changed);
    }
    run.steps.incrementAndGet();
    run.writeNanos.addAndGet(System.nanoTime() - writeStarted);
  }

  /** The store's latest rows as of L, only those of {@code items} when given. */
  private Map<Long, SnapshotRow> readLatest(Run run, int store, Set<Integer> items) {
    Map<Long, SnapshotRow> latest = new HashMap<>();
    if (run.latestTo == null) return latest;
    Expression where = Expressions.equal(LatestInventorySnapshotTable.STORE_ID, store);
    if (items != null && items.size() <= 1000) {
      // latest files are sorted by item: item bounds prune further
      where = Expressions.and(where, Expressions.in(LatestInventorySnapshotTable.ITEM_ID, items.toArray()));
    }
    TableReader.of(run.latest).snapshot(run.latestTo).where(where).forEach(r -> {
      if (items != null && !items.contains((Integer) r.getField(LatestInventorySnapshotTable.ITEM_ID))) return;
      SnapshotRow row = SnapshotRecords.fromLatest(r);
      latest.put(row.pairKey(), row);
    });
    return latest;
  }

  /** The live silver files as of a snapshot that can hold rows matching {@code where}. */
  private static List<DataFile> silverFiles(Table silver, long snapshotId, Expression where) {
    List<DataFile> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = silver.newScan().useSnapshot(snapshotId).filter(where).planFiles()) {
      for (FileScanTask t : tasks) {
        if (!t.deletes().isEmpty()) throw new IllegalStateException("silver file with deletes: " + t.file().location());
        out.add(t.file().copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Recomputes a few pairs from their latest snapshot and all their silver changes as of C (store, date_time >=
   * the smallest S among them, and their items). Returns the pairs that have no snapshot.
   */
  private Set<Long> recomputePairs(Run run, int store, Map<Long, SnapshotRow> latest, Set<Long> pairs,
      Map<Long, GoldRow> results) {
    Set<Integer> items = new HashSet<>();
    for (long key : pairs) items.add(PairKey.itemId(key));
    Map<Long, SnapshotRow> snaps = latest != null ? latest : readLatest(run, store, items);
    Map<Long, GoldAccumulator> acc = new HashMap<>();
    Set<Long> withoutSnapshot = new HashSet<>();
    Instant minS = null;
    for (long key : pairs) {
      SnapshotRow s = snaps.get(key);
      if (s == null) {
        withoutSnapshot.add(key);
        continue;
      }
      acc.put(key, GoldAccumulator.start(s));
      if (minS == null || s.dateTime().isBefore(minS)) minS = s.dateTime();
    }
    if (run.silverTo != null && minS != null) {
      Expression filter = Expressions.and(Expressions.equal(InventoryChangeTable.STORE_ID, store),
          Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, micros(minS)));
      if (items.size() <= 1000) filter = Expressions.and(filter, Expressions.in(InventoryChangeTable.ITEM_ID, items.toArray()));
      try (CloseableIterable<Record> rows = IcebergGenerics.read(run.silver).useSnapshot(run.silverTo)
          .select(GoldRecords.CHANGE_COLUMNS).where(filter).build()) {
        for (Record r : rows) {
          ChangeRow c = GoldRecords.change(r);
          run.silverRowsRead.incrementAndGet();
          GoldAccumulator a = acc.get(PairKey.of(c.storeId(), c.itemId()));
          if (a != null) a.accept(c);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    acc.forEach((key, a) -> results.put(key, a.result()));
    return withoutSnapshot;
  }

  private static Map<String, String> summary(Run run) {
    Map<String, String> summary = new LinkedHashMap<>();
    if (run.silverTo != null) summary.put(GoldSummaryKeys.SILVER_SNAPSHOT_ID, Long.toString(run.silverTo));
    if (run.latestTo != null) summary.put(GoldSummaryKeys.LATEST_SNAPSHOT_ID, Long.toString(run.latestTo));
    summary.put(GoldSummaryKeys.KEYS_TOUCHED, Long.toString(run.keysTouched.get()));
    summary.put(GoldSummaryKeys.ROWS_UPSERTED, Long.toString(run.rowsUpserted.get()));
    summary.put(GoldSummaryKeys.PAIRS_WITHOUT_SNAPSHOT, Long.toString(run.pairsWithoutSnapshot.get()));
    summary.put(GoldSummaryKeys.MODE, run.full ? "full" : "incremental");
    return summary;
  }

  /**
   * Stores merge on {@value #PARALLEL_STORES} threads: a merge-on-read store costs a few object-store round trips
   * (its new silver files, its gold file, two small writes), so a run touching every store of a 100-store gold
   * waited on I/O store after store (measured: about 130 ms a store). Memory: that many stores' pairs at once.
   * The activity's heartbeat must come from its own thread: this one, every few seconds while it waits (found by
   * `pos bench` at 1M transactions: a merge reading 5M rows without a heartbeat outlived the 60 s timeout, and
   * Temporal started a second, concurrent attempt). It beats only while the merge threads make progress (silver
   * rows read, files and gold rows read, stores written), so a hung store read stops the heartbeats and the
   * heartbeat timeout retries the attempt instead of the 60-minute start-to-close timeout. After
   * {@link #STALL_LIMIT} without progress this attempt gives up too, freeing the worker's slot and threads.
   */
  private void mergeInParallel(Run run, Set<Integer> stores, GoldFiles files, GoldWrites writes) {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_STORES, r -> {
      Thread t = new Thread(r, "gold-merge");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> merges = new ArrayList<>();
      for (int store : stores) {
        merges.add(pool.submit(() -> {
          beforeStore.accept(store);
          mergeStore(run, store, files, writes);
          run.storesDone.incrementAndGet();
        }));
      }
      ProgressGatedHeartbeat heartbeat = new ProgressGatedHeartbeat(
          () -> run.silverRowsRead.get() + run.steps.get() + run.storesDone.get(), progress);
      for (Future<?> merge : merges) {
        while (true) {
          try {
            merge.get(heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException wait) {
            heartbeat.beatIfAdvanced(() -> "gold: " + run.storesDone.get() + " of " + stores.size()
                + " stores merged, " + run.silverRowsRead.get() + " silver rows read");
            if (heartbeat.sinceLastAdvance().compareTo(stallLimit) > 0) {
              throw new IllegalStateException("gold merge made no progress for " + stallLimit + " ("
                  + run.storesDone.get() + " of " + stores.size() + " stores merged): a store thread is stuck");
            }
          }
        }
        heartbeat.beatIfAdvanced(() -> "gold: " + run.storesDone.get() + " of " + stores.size() + " stores merged");
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("gold merge interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  static final int PARALLEL_STORES = 4;
  /**
   * Twice the ETL's 60 s heartbeat timeout: by then Temporal has retried the attempt elsewhere, and no store
   * phase goes that long without a row or a file (a 5M-row merge reads rows all the time).
   */
  static final Duration STALL_LIMIT = Duration.ofMinutes(2);

  /** A timestamptz literal: microseconds since the epoch (exact, unlike a formatted string). */
  static long micros(Instant t) {
    return java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static Long property(Table table, String key) {
    return SnapshotProperties.latest(table, key).map(Long::valueOf).orElse(null);
  }

  private static boolean isAncestor(Table table, long ancestor, long of) {
    for (Snapshot s : SnapshotUtil.ancestorsOf(of, table::snapshot)) {
      if (s.snapshotId() == ancestor) return true;
    }
    return false;
  }
}
