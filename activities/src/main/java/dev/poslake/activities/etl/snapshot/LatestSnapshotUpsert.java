package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.domain.LatestSnapshotRule;
import dev.poslake.catalog.io.CommitLocks;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.io.UncommittedFiles;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Folds the {@code inventory_snapshot} rows appended since the last upsert into {@code latest_inventory_snapshot}
 * with {@link LatestSnapshotRule} (greatest date_time wins, deterministic tie-break), in three parts that the
 * workflow runs as separate activities:
 * <ol>
 *   <li>{@link #plan}: from the newest marker (see below) to inventory_snapshot's newest snapshot, and the stores
 *       those commits touched (from their summaries), cut into buckets;</li>
 *   <li>{@link #upsertStores}, per bucket, in parallel: per store read the partition and the new rows, offer them,
 *       and if anything changed write the partition anew; one copy-on-write commit per bucket, validated against
 *       concurrent writes to its partitions;</li>
 *   <li>{@link #commitMarker}: an empty commit carrying {@link SnapshotSummaryKeys#LATEST_FOLDED_UPTO}, only on top of
 *       the marker the plan started from. Gold reads latest only as of such a marker: the one consistent point.</li>
 * </ol>
 * Crash safety: the rule is idempotent (an identical row does not supersede), so a retried bucket rewrites nothing
 * it already did, and a retried plan starts again from the newest marker. {@link #run} does all three in one call
 * (the single snapshot activity of older workflow runs).
 */
final class LatestSnapshotUpsert {
  /** Outcome of a whole upsert: pairs whose latest row changed, stores rewritten, snapshot rows read. */
  record Outcome(long changedPairs, Set<Integer> storesRewritten, long rowsRead) {}

  static final int MAX_STORES_PER_BUCKET = 32;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Table snapshots;
  private final Table latest;
  private final Consumer<String> progress;

  LatestSnapshotUpsert(Table snapshots, Table latest, Consumer<String> progress) {
    this.snapshots = snapshots;
    this.latest = latest;
    this.progress = progress;
  }

  Outcome run() {
    LatestUpsertPlan plan = plan(1);
    if (plan.upToDate()) return new Outcome(0, Set.of(), 0);
    long changed = 0;
    long read = 0;
    Set<Integer> rewritten = new TreeSet<>();
    for (List<Integer> bucket : plan.storeBuckets()) {
      LatestStoresResult r = upsertStores(plan, bucket);
      changed += r.changedPairs();
      read += r.rowsRead();
      rewritten.addAll(r.storesRewritten());
    }
    commitMarker(plan, changed);
    return new Outcome(changed, rewritten, read);
  }

  /** What the next upsert folds, from the newest marker; stores cut into at least {@code parallelism} buckets. */
  LatestUpsertPlan plan(int parallelism) {
    snapshots.refresh();
    latest.refresh();
    Snapshot to = SnapshotProperties.stateSnapshot(snapshots).orElse(null);
    Snapshot marker = newestMarker(latest);
    Long markerId = marker == null ? null : marker.snapshotId();
    Long from = marker == null ? null : Long.valueOf(marker.summary().get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO));
    if (to == null || (from != null && from == to.snapshotId())) {
      return new LatestUpsertPlan(markerId, from, to == null ? null : to.snapshotId(), List.of());
    }
    SnapshotLog log = SnapshotLog.between(snapshots, from, to.snapshotId());
    // an incomplete log (history expired or foreign commits): fold everything again, which the rule makes safe
    Long scanFrom = log.complete() ? from : null;
    List<Integer> stores = new ArrayList<>(log.complete() ? log.stores() : allStores(to.snapshotId()));
    return new LatestUpsertPlan(markerId, scanFrom, to.snapshotId(), buckets(stores, parallelism));
  }

  static Snapshot newestMarker(Table latest) {
    return SnapshotProperties.latestSnapshotWith(latest,
        s -> s.summary().containsKey(SnapshotSummaryKeys.LATEST_FOLDED_UPTO)).orElse(null);
  }

  /** Contiguous buckets of the sorted stores: at least {@code parallelism}, at most 32 stores each. */
  static List<List<Integer>> buckets(List<Integer> stores, int parallelism) {
    List<Integer> sorted = new ArrayList<>(new TreeSet<>(stores));
    int n = sorted.size();
    if (n == 0) return List.of();
    int count = Math.min(n, Math.max(Math.max(1, parallelism), (n + MAX_STORES_PER_BUCKET - 1) / MAX_STORES_PER_BUCKET));
    List<List<Integer>> out = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      out.add(List.copyOf(sorted.subList((int) ((long) n * b / count), (int) ((long) n * (b + 1) / count))));
    }
    return out;
  }

  /**
   * Folds the plan's new rows of these stores into their partitions and commits the changed partitions in one
   * overwrite, validated from the snapshot the partitions were read at: a concurrent rewrite of one of them fails
   * it (the activity retry reads again and finds what is left to do).
   */
  LatestStoresResult upsertStores(LatestUpsertPlan plan, List<Integer> stores) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    latest.refresh();
    Snapshot base = latest.currentSnapshot();
    Map<Integer, List<DataFile>> newFiles = newFilesByStore(plan, stores);
    Map<Integer, List<DataFile>> latestFiles = base == null ? Map.of() : latestFilesByStore(base.snapshotId(), stores);
    long changed = 0;
    long read = 0;
    List<Integer> rewritten = new ArrayList<>();
    List<DataFile> written = new ArrayList<>();
    try {
      for (int store : stores) {
        LatestPartition partition = new LatestPartition();
        for (DataFile f : latestFiles.getOrDefault(store, List.of())) {
          RecountFileReader.read(latest, f, (item, employee, st, micros, qty, file, line) ->
              partition.load(item, employee, micros, qty, file, line));
        }
        long[] storeRead = {0};
        for (DataFile f : newFiles.getOrDefault(store, List.of())) {
          RecountFileReader.read(snapshots, f, (item, employee, st, micros, qty, file, line) -> {
            if (st != store) return; // a file of several stores (not written by this pipeline)
            storeRead[0]++;
            partition.offer(item, employee, micros, qty, file, line);
          });
        }
        read += storeRead[0];
        if (partition.changedPairs() > 0) {
          try (RecountRowsAppender out = new RecountRowsAppender(latest)) {
            partition.writeSorted(store, out);
            written.addAll(out.complete().dataFiles());
          }
          rewritten.add(store);
          changed += partition.changedPairs();
        }
        progress.accept("latest snapshot: store " + store + ", " + partition.changedPairs() + " pairs changed");
      }
      if (!rewritten.isEmpty()) commitPartitions(base, rewritten, written, changed);
    } catch (RuntimeException e) {
      UncommittedFiles.deleteQuietly(latest.io(), written);
      throw e;
    }
    return new LatestStoresResult(changed, rewritten, read, THREADS.getCurrentThreadCpuTime() - cpu0);
  }

  /**
   * The marker: everything up to the plan's {@code to} is folded in (an empty append, so it adds no data), only on
   * top of the marker the plan started from. A retry after it committed finds it and does nothing.
   *
   * @throws IllegalStateException if another upsert moved the marker meanwhile (the next run plans again)
   */
  void commitMarker(LatestUpsertPlan plan, long changedPairs) {
    if (plan.upToDate()) return;
    latest.refresh();
    Snapshot newest = newestMarker(latest);
    if (newest != null && newest.summary().get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO)
        .equals(Long.toString(plan.toSnapshotId()))) {
      return; // an earlier attempt of this commit succeeded
    }
    var append = latest.newAppend().validateWith(StateGuard.keyUnchangedSince(SnapshotSummaryKeys.LATEST_FOLDED_UPTO,
        plan.markerSnapshotId()));
    try {
      Commits.withSummary(append, Map.of(
          SnapshotSummaryKeys.LATEST_FOLDED_UPTO, Long.toString(plan.toSnapshotId()),
          SnapshotSummaryKeys.LATEST_CHANGED_PAIRS, Long.toString(changedPairs))).commit();
    } catch (org.apache.iceberg.exceptions.ValidationException moved) {
      throw new IllegalStateException("latest_inventory_snapshot: another upsert moved the marker since this one "
          + "was planned; the next run plans again: " + moved.getMessage(), moved);
    }
  }

  /** inventory_snapshot files appended in the plan's range that may hold rows of these stores, by store. */
  private Map<Integer, List<DataFile>> newFilesByStore(LatestUpsertPlan plan, List<Integer> stores) {
    Expression filter = Expressions.in(InventorySnapshotTable.STORE_ID, stores.toArray());
    int storeField = snapshots.schema().findField(InventorySnapshotTable.STORE_ID).fieldId();
    Map<Integer, List<DataFile>> out = new TreeMap<>();
    // inventory_snapshot is append-only: the incremental scan plans exactly the files appended in (from, to]
    try (CloseableIterable<FileScanTask> tasks = plan.fromSnapshotId() == null
        ? snapshots.newScan().useSnapshot(plan.toSnapshotId()).filter(filter).planFiles()
        : snapshots.newIncrementalAppendScan().fromSnapshotExclusive(plan.fromSnapshotId())
            .toSnapshot(plan.toSnapshotId()).filter(filter).planFiles()) {
      for (FileScanTask t : tasks) {
        DataFile f = t.file().copy();
        int lo = bound(f.lowerBounds(), storeField, Integer.MIN_VALUE);
        int hi = bound(f.upperBounds(), storeField, Integer.MAX_VALUE);
        for (int s : stores) {
          if (s >= lo && s <= hi) out.computeIfAbsent(s, k -> new ArrayList<>()).add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** latest_inventory_snapshot's files per store partition as of {@code snapshotId} (copy-on-write: no deletes). */
  private Map<Integer, List<DataFile>> latestFilesByStore(long snapshotId, List<Integer> stores) {
    Map<Integer, List<DataFile>> out = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = latest.newScan().useSnapshot(snapshotId)
        .filter(Expressions.in(LatestInventorySnapshotTable.STORE_ID, stores.toArray())).planFiles()) {
      for (FileScanTask t : tasks) {
        if (!t.deletes().isEmpty()) throw new IllegalStateException("latest file with deletes: " + t.file().location());
        out.computeIfAbsent(t.file().partition().get(0, Integer.class), k -> new ArrayList<>()).add(t.file().copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static int bound(Map<Integer, java.nio.ByteBuffer> bounds, int field, int otherwise) {
    java.nio.ByteBuffer b = bounds == null ? null : bounds.get(field);
    return b == null ? otherwise : Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), b);
  }

  private Set<Integer> allStores(long snapshotId) {
    Set<Integer> stores = new TreeSet<>();
    TableReader.of(snapshots).snapshot(snapshotId).select(InventorySnapshotTable.STORE_ID)
        .forEach(r -> stores.add((Integer) r.getField(InventorySnapshotTable.STORE_ID)));
    return stores;
  }

  private void commitPartitions(Snapshot base, List<Integer> stores, List<DataFile> files, long changed) {
    Expression partitions = Expressions.in(LatestInventorySnapshotTable.STORE_ID, stores.toArray());
    OverwriteFiles overwrite = latest.newOverwrite().overwriteByRowFilter(partitions);
    files.forEach(overwrite::addFile);
    if (base != null) {
      // someone else rewrote one of these stores meanwhile: fail, the activity retry re-reads and re-merges
      overwrite.validateFromSnapshot(base.snapshotId()).conflictDetectionFilter(partitions)
          .validateNoConflictingData().validateNoConflictingDeletes();
    }
    Commits.withSummary(overwrite, Map.of(SnapshotSummaryKeys.LATEST_STORE, storesText(stores),
        SnapshotSummaryKeys.LATEST_CHANGED_PAIRS, Long.toString(changed)));
    synchronized (CommitLocks.of(latest)) { // parallel buckets in one JVM take turns instead of racing
      overwrite.commit();
    }
  }

  private static String storesText(List<Integer> stores) {
    StringBuilder b = new StringBuilder();
    for (int s : stores) b.append(b.length() == 0 ? "" : ",").append(s);
    return b.toString();
  }
}
