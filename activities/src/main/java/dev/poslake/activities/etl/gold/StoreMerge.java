package dev.poslake.activities.etl.gold;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.domain.GoldAccumulator;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.GoldRule;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.snapshot.RecountFileReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The merge of one store from a position to the target ({@link GoldInputs}), by the gold rule:
 * <ul>
 *   <li><b>recompute</b> ({@link GoldRule#compute}) the pairs whose latest snapshot changed: latest rows (as of the
 *       target) that come from a recount file ingested after the position, reading the store's silver files as of
 *       the target that can hold rows with date_time >= the smallest S among them;</li>
 *   <li><b>extend</b> every other pair with the silver rows appended since the position (the files the append
 *       snapshots added, {@link NewSilverFiles}: compactions add none, so nothing counts twice), folded per pair
 *       ({@link PairDelta}); a pair whose new rows are older than its gold row is recomputed instead;</li>
 *   <li>pairs with changes but no snapshot are counted, not written.</li>
 * </ul>
 * A silver file both new and needed for a recompute is read once. Memory: one store's pairs. The store is written
 * copy-on-write (all its rows, its old files removed) or, when few of its rows change, merge-on-read (position
 * deletes of the old rows plus a file of the new ones), see {@link #COPY_ON_WRITE_FRACTION}; the files go to
 * {@link GoldWrites}, committed by the bucket.
 */
final class StoreMerge {
  /**
   * A store is rewritten copy-on-write when more than this fraction of its rows change (or it has none yet);
   * below it the merge writes deletes plus new rows. Why 1/10: above that the rewrite costs little more than the
   * read the merge does anyway, and readers would otherwise apply deletes to a large part of the store until the
   * next compaction.
   */
  static final double COPY_ON_WRITE_FRACTION = 0.1;
  /** The largest item array of a merge's maps ({@link PairMap#withItemArray}): 4 MiB of references per map. */
  static final int MAX_ITEM_ARRAY = 1 << 20;

  private final GoldTables tables;
  private final GoldInputs in;
  private final GoldFiles files;
  private final GoldWrites writes;
  private final MergeCounters run;

  StoreMerge(GoldTables tables, GoldInputs in, GoldFiles files, GoldWrites writes, MergeCounters counters) {
    this.tables = tables;
    this.in = in;
    this.files = files;
    this.writes = writes;
    this.run = counters;
  }

  /** Merges one store and hands its changed rows to the writes. */
  void merge(int store) {
    long started = System.nanoTime();
    // the latest rows are only needed where a recount changed them; elsewhere the gold row carries Q, and its
    // date_time (>= S) decides which new rows extend it exactly
    Map<Long, SnapshotRow> latest = in.full || in.changedStores.contains(store) ? readLatest(store, null) : null;
    run.steps.incrementAndGet();
    List<SnapshotRow> toRecompute = new ArrayList<>();
    Instant minS = null;
    if (latest != null) {
      for (SnapshotRow s : latest.values()) {
        if (in.full || in.changedFiles.contains(s.sourceFile())) {
          toRecompute.add(s);
          if (minS == null || s.dateTime().isBefore(minS)) minS = s.dateTime();
        }
      }
    }
    PairMap<GoldAccumulator> recompute = recomputeMap(store, toRecompute);
    for (SnapshotRow s : toRecompute) recompute.put(s.pairKey(), GoldAccumulator.start(s));
    // the silver files to read, each once: as of the target for the recomputed pairs, and the new ones for the others
    Map<String, DataFile> toRead = new LinkedHashMap<>();
    Set<String> asOfTarget = new HashSet<>();
    if (!recompute.isEmpty() && in.to.silver() != null) {
      Expression where = Expressions.equal(InventoryChangeTable.STORE_ID, store);
      if (!in.full) where = Expressions.and(where,
          Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, Timestamps.micros(minS)));
      for (DataFile f : liveFiles(tables.silver(), in.to.silver(), where)) {
        toRead.put(f.location(), f);
        asOfTarget.add(f.location());
      }
      run.steps.incrementAndGet();
    }
    Set<String> fresh = new HashSet<>();
    List<DataFile> newFiles = in.full ? List.of() : in.newFiles.forStore(store);
    for (DataFile f : newFiles) {
      toRead.putIfAbsent(f.location(), f);
      fresh.add(f.location());
    }
    PairMap<PairDelta> deltas = deltaMap(store, newFiles);
    Set<Long> withoutSnapshot = new HashSet<>();
    for (DataFile f : toRead.values()) {
      boolean inTarget = asOfTarget.contains(f.location());
      boolean isNew = fresh.contains(f.location());
      long[] rowsRead = {0};
      long[] newestMillis = {Long.MIN_VALUE};
      ChangeFileReader.forEachOfStore(tables.silver(), f, store, (item, micros, type, quantity) -> {
        rowsRead[0]++;
        long key = PairKey.of(store, item);
        GoldAccumulator a = recompute.get(key);
        if (a != null) {
          // a new file no longer live in the target was compacted into one that is: count once
          if (inTarget) a.acceptMicros(type, micros, quantity);
        } else if (isNew) {
          deltas.computeIfAbsent(key, PairDelta::new).add(store, type, micros, quantity);
        } else if (in.full) {
          withoutSnapshot.add(key); // full mode recomputes every pair that has a snapshot
        }
        if (in.full) newestMillis[0] = Math.max(newestMillis[0], Math.floorDiv(micros, 1000));
      });
      run.silverRowsRead.addAndGet(rowsRead[0]);
      if (newestMillis[0] != Long.MIN_VALUE) run.newestEventMillis.accumulateAndGet(newestMillis[0], Math::max);
      run.steps.incrementAndGet(); // a file without rows of this store is progress too
    }
    Set<Long> touched = new HashSet<>();
    recompute.addKeysTo(touched);
    deltas.addKeysTo(touched);
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
    deltas.forEach((key, delta) -> {
      GoldFiles.Located prev = previous.get(key);
      SnapshotRow snap = latest == null ? null : latest.get(key);
      if (latest != null ? snap == null : prev == null) {
        // no snapshot (an unchanged store's latest pairs all have a gold row)
        withoutSnapshot.add(key);
      } else if (prev == null || (snap != null && !GoldRule.isConsistent(prev.row(), snap.dateTime(), snap.quantity()))) {
        redo.add(key); // cannot happen if gold was consistent; recomputing is always correct
      } else if (delta.extendsExactly(snap != null ? snap.dateTime() : prev.row().dateTime())) {
        results.put(key, delta.extend(prev.row()));
      } else {
        redo.add(key); // new rows older than the gold row: only S tells which count
      }
    });
    if (!redo.isEmpty()) {
      withoutSnapshot.addAll(recomputePairs(store, latest, redo, results));
    }
    run.keysTouched.addAndGet(touched.size() + (in.full ? withoutSnapshot.size() : 0));
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
      List<GoldFiles.Located> inShared = new ArrayList<>();
      previous.forEach((key, p) -> {
        all.put(key, p.row());
        if (storeFiles.shared().contains(p.file())) inShared.add(p);
      });
      for (GoldRow g : changed) all.put(PairKey.of(g.storeId(), g.itemId()), g);
      writes.copyOnWrite(store, storeFiles, new ArrayList<>(all.values()), inShared);
    } else {
      writes.mergeOnRead(store, replaced, changed);
    }
    run.steps.incrementAndGet();
    run.writeNanos.addAndGet(System.nanoTime() - writeStarted);
  }

  /**
   * The map of the pairs to recompute, with an item array over their items when those are dense enough (a full load
   * recomputes every pair of the store, and folds all its silver rows through this map).
   */
  private static PairMap<GoldAccumulator> recomputeMap(int store, List<SnapshotRow> rows) {
    if (rows.isEmpty()) return new PairMap<>();
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    for (SnapshotRow s : rows) {
      first = Math.min(first, s.itemId());
      last = Math.max(last, s.itemId());
    }
    long slots = (long) last - first + 1;
    return slots <= MAX_ITEM_ARRAY && slots <= Math.max(1024, 2L * rows.size())
        ? PairMap.withItemArray(store, first, last) : new PairMap<>();
  }

  /**
   * The map of the new rows' pairs, with an item array over the items the new files can hold (their item_id bounds)
   * when the store's share of their rows (a file's rows over the stores its store_id bounds span) outnumbers the
   * array's slots: the array then costs less than the look-ups it saves. A touch of a few keys per store, whose new
   * files are small and shared by many stores, keeps the hash map only.
   */
  private PairMap<PairDelta> deltaMap(int store, List<DataFile> newFiles) {
    long rows = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (DataFile f : newFiles) {
      int[] items = in.newFiles.intBounds(f, InventoryChangeTable.ITEM_ID);
      int[] stores = in.newFiles.intBounds(f, InventoryChangeTable.STORE_ID);
      if (items == null || stores == null) return new PairMap<>();
      first = Math.min(first, items[0]);
      last = Math.max(last, items[1]);
      rows += f.recordCount() / ((long) stores[1] - stores[0] + 1);
    }
    long slots = last - first + 1;
    return rows > 0 && slots <= MAX_ITEM_ARRAY && slots <= rows
        ? PairMap.withItemArray(store, (int) first, (int) last) : new PairMap<>();
  }

  /**
   * The store's latest rows as of the target, only those of {@code items} when given: read column by column
   * ({@link RecountFileReader}), as a full load reads every store's 100,000 rows.
   */
  private Map<Long, SnapshotRow> readLatest(int store, Set<Integer> items) {
    if (in.to.latest() == null) return new HashMap<>();
    Expression where = Expressions.equal(LatestInventorySnapshotTable.STORE_ID, store);
    if (items != null && items.size() <= 1000) {
      // latest files are sorted by item: item bounds prune further
      where = Expressions.and(where, Expressions.in(LatestInventorySnapshotTable.ITEM_ID, items.toArray()));
    }
    List<DataFile> files = liveFiles(tables.latest(), in.to.latest(), where);
    long rows = files.stream().mapToLong(DataFile::recordCount).sum();
    long expected = items == null ? rows : Math.min(rows, items.size());
    Map<Long, SnapshotRow> latest = new HashMap<>((int) Math.min(expected * 4 / 3 + 1, 1 << 24));
    for (DataFile f : files) {
      RecountFileReader.read(tables.latest(), f, (item, employee, st, micros, quantity, sourceFile, line) -> {
        if (st != store || (items != null && !items.contains(item))) return;
        SnapshotRow row = new SnapshotRow(sourceFile, line, item, employee, st, Timestamps.instantOfMicros(micros),
            quantity);
        latest.put(row.pairKey(), row);
      });
    }
    return latest;
  }

  /**
   * The live files of a table as of a snapshot that can hold rows matching {@code where} (silver and the latest
   * snapshots: written copy-on-write, so a file with deletes is not this pipeline's).
   */
  private static List<DataFile> liveFiles(Table table, long snapshotId, Expression where) {
    List<DataFile> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).filter(where).planFiles()) {
      for (FileScanTask t : tasks) {
        if (!t.deletes().isEmpty()) {
          throw new IllegalStateException(table.name() + " file with deletes: " + t.file().location());
        }
        out.add(t.file().copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Recomputes a few pairs from their latest snapshot and all their silver changes as of the target (store,
   * date_time >= the smallest S among them, and their items). Returns the pairs that have no snapshot.
   */
  private Set<Long> recomputePairs(int store, Map<Long, SnapshotRow> latest, Set<Long> pairs,
      Map<Long, GoldRow> results) {
    Set<Integer> items = new HashSet<>();
    for (long key : pairs) items.add(PairKey.itemId(key));
    Map<Long, SnapshotRow> snaps = latest != null ? latest : readLatest(store, items);
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
    if (in.to.silver() != null && minS != null) {
      Expression filter = Expressions.and(Expressions.equal(InventoryChangeTable.STORE_ID, store),
          Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, Timestamps.micros(minS)));
      if (items.size() <= 1000) filter = Expressions.and(filter, Expressions.in(InventoryChangeTable.ITEM_ID, items.toArray()));
      try (CloseableIterable<Record> rows = IcebergGenerics.read(tables.silver()).useSnapshot(in.to.silver())
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
}
