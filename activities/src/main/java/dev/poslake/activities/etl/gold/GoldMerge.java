package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.domain.GoldAccumulator;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.GoldRule;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.io.StateSnapshots;
import dev.poslake.activities.etl.snapshot.SnapshotLog;
import dev.poslake.activities.etl.snapshot.SnapshotRecords;
import dev.poslake.activities.etl.snapshot.SnapshotSummaryKeys;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.StoreTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The incremental gold merge (Temporal-free). A {@code current_inventory} state is a function of the silver
 * snapshot and the latest-snapshot state it was computed from; both ids are in its commit summary
 * ({@link GoldSummaryKeys}). One merge moves it to the newest silver append C (never a compaction on top of it)
 * and the newest consistent latest_inventory_snapshot state L (an upsert marker snapshot):
 * <ul>
 *   <li><b>recompute</b> ({@link GoldRule#compute}) the pairs whose latest snapshot changed: latest rows (as of L)
 *       that come from a recount file ingested after the previous L (found from inventory_snapshot commit
 *       summaries, {@link SnapshotLog}), reading their silver changes as of C pruned by store and
 *       date_time >= the smallest S among them;</li>
 *   <li><b>extend</b> ({@link GoldRule#extend}) every other pair with the silver rows appended since the previous
 *       C — an incremental append scan, which skips compaction (replace) commits, so nothing counts twice;</li>
 *   <li>pairs with changes but no snapshot are counted, not written.</li>
 * </ul>
 * Only touched stores are read and rewritten (copy-on-write of their identity(store_id) partitions, in one
 * overwrite commit that also records C and L). The first merge is the same with "everything is new". <b>Full
 * mode</b> recomputes every pair store by store (stores of latest_inventory_snapshot and of the {@code store}
 * table): the recovery path when the previous C is no longer an ancestor of the current one (expired or rolled
 * back). Memory is bounded by one store's pairs plus the run's new silver rows.
 */
public final class GoldMerge {
  private final PipelineResources resources;
  private final Consumer<String> progress;
  private Runnable beforeCommit = () -> {};

  public GoldMerge(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  /** Test seam: runs after everything is written, just before the commit; throw to simulate a crash there. */
  public GoldMerge beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
    return this;
  }

  /** Per-run state. */
  private final class Run {
    final Table silver = table(InventoryChangeTable.DEFINITION.name());
    final Table latest = table(LatestInventorySnapshotTable.NAME);
    final Table snapshots = table(InventorySnapshotTable.NAME);
    final Table gold = table(CurrentInventoryTable.NAME);
    Long silverTo;
    Long latestTo;
    Snapshot goldBase;
    boolean full;
    /** Recount files new to gold, by store (incremental mode only). */
    Set<String> changedFiles = Set.of();
    Set<Integer> changedStores = Set.of();
    /** New silver rows by store, then by pair (incremental mode only). */
    final Map<Integer, Map<Long, List<ChangeRow>>> newRows = new TreeMap<>();
    long keysTouched;
    long rowsUpserted;
    long pairsWithoutSnapshot;
    long silverRowsRead;
    long newestEventMillis;
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
    Long prevSilver = property(run.gold, GoldSummaryKeys.SILVER_SNAPSHOT_ID);
    Long prevLatest = property(run.gold, GoldSummaryKeys.LATEST_SNAPSHOT_ID);
    // the newest append, never a compaction (replace) on top of it: same rows, and what PipelineLag compares with;
    // recording a replace id made an idle run after a compaction merge again and PipelineLag report gold behind
    // silver until the next silver append
    run.silverTo = StateSnapshots.newestNonReplace(run.silver).map(Snapshot::snapshotId).orElse(null);
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
    if (!run.full) {
      readNewSilverRows(run, prevSilver);
    }
    Set<Integer> stores = new TreeSet<>();
    if (run.full) {
      stores.addAll(GoldRecords.partitionStores(run.latest, run.latestTo));
      TableReader.of(table(StoreTable.NAME)).forEach(r -> stores.add((Integer) r.getField(StoreTable.STORE_ID)));
    } else {
      stores.addAll(run.changedStores);
      stores.addAll(run.newRows.keySet());
    }
    List<Integer> rewritten = new ArrayList<>();
    try (RecordAppender out = RecordAppender.clustered(run.gold)) {
      for (int store : stores) {
        if (mergeStore(run, store, out)) rewritten.add(store);
        progress.accept("gold: store " + store);
      }
      commit(run, rewritten, out.complete());
    }
    return new GoldResult(run.keysTouched, run.rowsUpserted, run.pairsWithoutSnapshot, run.silverRowsRead,
        run.newestEventMillis);
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

  /** The silver rows appended in (prevSilver, silverTo], grouped by store and pair. */
  private void readNewSilverRows(Run run, Long prevSilver) {
    if (run.silverTo == null || Objects.equals(prevSilver, run.silverTo)) return;
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(run.silver).select(GoldRecords.CHANGE_COLUMNS);
    scan = prevSilver == null ? scan.useSnapshot(run.silverTo) : scan.appendsBetween(prevSilver, run.silverTo);
    try (CloseableIterable<Record> rows = scan.build()) {
      for (Record r : rows) {
        ChangeRow c = GoldRecords.change(r);
        run.silverRowsRead++;
        heartbeatEvery(run, "new silver rows read");
        run.newestEventMillis = Math.max(run.newestEventMillis, c.dateTime().toEpochMilli());
        run.newRows.computeIfAbsent(c.storeId(), s -> new HashMap<>())
            .computeIfAbsent(PairKey.of(c.storeId(), c.itemId()), k -> new ArrayList<>(2)).add(c);
      }
    } catch (UnsupportedOperationException overwriteInRange) {
      // silver is append-only (+ replace compactions); an overwrite means someone rewrote rows: start over in full
      run.full = true;
      run.newRows.clear();
      run.silverRowsRead = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges one store; writes its whole new partition to {@code out} and returns true if anything changed. */
  private boolean mergeStore(Run run, int store, RecordAppender out) {
    Map<Long, List<ChangeRow>> fresh = run.newRows.getOrDefault(store, Map.of());
    // Without a new recount of this store only the pairs with new changes need their latest row (to extend
    // them); every other latest row is skipped instead of decoded into a map (profiled: reading the whole
    // latest partition was about a third of an incremental merge that touches few keys per store).
    boolean onlyFresh = !run.full && !run.changedStores.contains(store);
    Map<Long, SnapshotRow> latest = new HashMap<>();
    if (run.latestTo != null && (!onlyFresh || !fresh.isEmpty())) {
      Expression where = Expressions.equal(LatestInventorySnapshotTable.STORE_ID, store);
      if (onlyFresh && fresh.size() <= 1000) {
        // latest files are sorted by item: item bounds prune further
        Set<Integer> items = new HashSet<>();
        for (long key : fresh.keySet()) items.add(PairKey.itemId(key));
        where = Expressions.and(where, Expressions.in(LatestInventorySnapshotTable.ITEM_ID, items.toArray()));
      }
      TableReader.of(run.latest).snapshot(run.latestTo).where(where).forEach(r -> {
        if (onlyFresh && !fresh.containsKey(PairKey.of(store,
            (Integer) r.getField(LatestInventorySnapshotTable.ITEM_ID)))) {
          return;
        }
        SnapshotRow row = SnapshotRecords.fromLatest(r);
        latest.put(row.pairKey(), row);
      });
    }
    Map<Long, GoldRow> gold = new HashMap<>();
    if (run.goldBase != null) {
      TableReader.of(run.gold).snapshot(run.goldBase.snapshotId())
          .where(Expressions.equal(CurrentInventoryTable.STORE_ID, store))
          .forEach(r -> {
            GoldRow g = GoldRecords.gold(r);
            gold.put(PairKey.of(g.storeId(), g.itemId()), g);
          });
    }
    Set<Long> recompute = new HashSet<>();
    Set<Long> touched = new HashSet<>(fresh.keySet());
    for (SnapshotRow s : latest.values()) {
      if (run.full || run.changedFiles.contains(s.sourceFile())) {
        recompute.add(s.pairKey());
        touched.add(s.pairKey());
      }
    }
    Map<Long, GoldRow> results = new HashMap<>();
    long withoutSnapshot = 0;
    for (Map.Entry<Long, List<ChangeRow>> e : fresh.entrySet()) {
      long key = e.getKey();
      SnapshotRow snap = latest.get(key);
      if (snap == null) {
        withoutSnapshot++;
      } else if (!recompute.contains(key)) {
        GoldRow prev = gold.get(key);
        if (prev == null || !GoldRule.isConsistent(prev, snap.dateTime(), snap.quantity())) {
          recompute.add(key); // cannot happen if gold was consistent; recomputing is always correct
        } else {
          results.put(key, GoldRule.extend(prev, snap.dateTime(), snap.quantity(), e.getValue().iterator()));
        }
      }
    }
    if (!recompute.isEmpty()) {
      withoutSnapshot += recompute(run, store, latest, recompute, results);
    }
    run.keysTouched += touched.size() + (run.full ? withoutSnapshot : 0);
    run.pairsWithoutSnapshot += withoutSnapshot;
    long changed = 0;
    for (GoldRow g : results.values()) {
      if (!g.equals(gold.put(PairKey.of(g.storeId(), g.itemId()), g))) changed++;
    }
    run.rowsUpserted += changed;
    if (changed == 0) return false;
    List<GoldRow> rows = new ArrayList<>(gold.values());
    rows.sort((a, b) -> Integer.compare(a.itemId(), b.itemId()));
    for (GoldRow g : rows) {
      out.write(GoldRecords.gold(run.gold.schema(), g));
    }
    return true;
  }

  /**
   * Recomputes the pairs from their latest snapshot and all their silver changes as of C, reading only the
   * store's rows with date_time >= the smallest snapshot time among them. In full mode every row of the store is
   * read (no date bound) so that pairs without snapshot are counted too; returns how many there are.
   */
  private long recompute(Run run, int store, Map<Long, SnapshotRow> latest, Set<Long> pairs,
      Map<Long, GoldRow> results) {
    Map<Long, GoldAccumulator> acc = new HashMap<>();
    Instant minS = null;
    Set<Integer> items = new HashSet<>();
    for (long key : pairs) {
      SnapshotRow s = latest.get(key);
      acc.put(key, GoldAccumulator.start(s));
      items.add(s.itemId());
      if (minS == null || s.dateTime().isBefore(minS)) minS = s.dateTime();
    }
    Set<Long> withoutSnapshot = new HashSet<>();
    if (run.silverTo != null) {
      Expression filter = Expressions.equal(InventoryChangeTable.STORE_ID, store);
      if (!run.full) {
        filter = Expressions.and(filter,
            Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, micros(minS)));
        if (items.size() <= 1000) {
          // files are sorted by item within a store bucket: item bounds prune further for a few recounted pairs
          filter = Expressions.and(filter, Expressions.in(InventoryChangeTable.ITEM_ID, items.toArray()));
        }
      }
      try (CloseableIterable<Record> rows = IcebergGenerics.read(run.silver).useSnapshot(run.silverTo)
          .select(GoldRecords.CHANGE_COLUMNS).where(filter).build()) {
        for (Record r : rows) {
          ChangeRow c = GoldRecords.change(r);
          run.silverRowsRead++;
          heartbeatEvery(run, "silver rows read (recompute store " + store + ")");
          long key = PairKey.of(c.storeId(), c.itemId());
          GoldAccumulator a = acc.get(key);
          if (a != null) {
            a.accept(c);
          } else if (run.full && !latest.containsKey(key)) {
            withoutSnapshot.add(key);
          }
          if (run.full) run.newestEventMillis = Math.max(run.newestEventMillis, c.dateTime().toEpochMilli());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    acc.forEach((key, a) -> results.put(key, a.result()));
    return withoutSnapshot.size();
  }

  private void commit(Run run, List<Integer> rewritten, RecordAppender.Result written) {
    OverwriteFiles overwrite = run.gold.newOverwrite();
    if (!rewritten.isEmpty()) {
      overwrite.overwriteByRowFilter(Expressions.in(CurrentInventoryTable.STORE_ID, rewritten.toArray()));
      written.dataFiles().forEach(overwrite::addFile);
    }
    if (run.goldBase != null) {
      // gold has one writer at a time (the ETL schedule skips overlapping runs); if another merge added files
      // meanwhile, our base is stale: fail, and the activity retry recomputes from the new state
      overwrite.validateFromSnapshot(run.goldBase.snapshotId()).conflictDetectionFilter(Expressions.alwaysTrue())
          .validateNoConflictingData().validateNoConflictingDeletes();
    }
    if (run.silverTo != null) overwrite.set(GoldSummaryKeys.SILVER_SNAPSHOT_ID, Long.toString(run.silverTo));
    if (run.latestTo != null) overwrite.set(GoldSummaryKeys.LATEST_SNAPSHOT_ID, Long.toString(run.latestTo));
    overwrite.set(GoldSummaryKeys.KEYS_TOUCHED, Long.toString(run.keysTouched));
    overwrite.set(GoldSummaryKeys.ROWS_UPSERTED, Long.toString(run.rowsUpserted));
    overwrite.set(GoldSummaryKeys.PAIRS_WITHOUT_SNAPSHOT, Long.toString(run.pairsWithoutSnapshot));
    overwrite.set(GoldSummaryKeys.MODE, run.full ? "full" : "incremental");
    beforeCommit.run();
    overwrite.commit();
  }

  /**
   * Reports progress (the activity's heartbeat) every {@value #HEARTBEAT_ROWS} silver rows. Found by `pos bench`
   * at 1M transactions: reading 5M new silver rows took longer than the 60 s heartbeat timeout without one, so
   * Temporal started a second, concurrent merge attempt while the first was still reading.
   */
  private void heartbeatEvery(Run run, String what) {
    if (run.silverRowsRead % HEARTBEAT_ROWS == 0) progress.accept("gold: " + run.silverRowsRead + " " + what);
  }

  static final long HEARTBEAT_ROWS = 100_000;

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
