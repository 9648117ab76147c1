package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.domain.LatestSnapshotRule;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * Folds the {@code inventory_snapshot} rows appended since the last upsert into {@code latest_inventory_snapshot}
 * with {@link LatestSnapshotRule} (greatest date_time wins, deterministic tie-break), one store partition at a
 * time: read the partition (bounded by the store's item count), offer the new rows, and if anything changed
 * rewrite the partition copy-on-write ({@code newOverwrite} validated against concurrent writes to it).
 *
 * <p>Crash safety: the upsert ends with a marker commit carrying {@link SnapshotSummaryKeys#LATEST_FOLDED_UPTO}
 * (the inventory_snapshot snapshot id folded up to). A retry starts again from the previous marker; stores
 * already rewritten then produce no change (the rule is idempotent: an identical row does not supersede), so
 * nothing is rewritten twice. Readers that need a consistent state (gold) read as of a marker snapshot.
 */
final class LatestSnapshotUpsert {
  /** Outcome: pairs whose latest row changed, stores rewritten, snapshot rows read. */
  record Outcome(long changedPairs, Set<Integer> storesRewritten, long rowsRead) {}

  private final Table snapshots;
  private final Table latest;
  private final Consumer<String> progress;

  LatestSnapshotUpsert(Table snapshots, Table latest, Consumer<String> progress) {
    this.snapshots = snapshots;
    this.latest = latest;
    this.progress = progress;
  }

  Outcome run() {
    snapshots.refresh();
    latest.refresh();
    Snapshot to = snapshots.currentSnapshot();
    if (to == null) {
      return new Outcome(0, Set.of(), 0);
    }
    Snapshot marker = SnapshotProperties.latestSnapshotWith(latest,
        s -> s.summary().containsKey(SnapshotSummaryKeys.LATEST_FOLDED_UPTO)).orElse(null);
    Long from = marker == null ? null : Long.valueOf(marker.summary().get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO));
    if (from != null && from == to.snapshotId()) {
      return new Outcome(0, Set.of(), 0);
    }
    SnapshotLog log = SnapshotLog.between(snapshots, from, to.snapshotId());
    // an incomplete log (history expired or foreign commits): fold everything again, which the rule makes safe
    Long scanFrom = log.complete() ? from : null;
    Set<Integer> stores = log.complete() ? log.stores() : allStores(to.snapshotId());
    long changed = 0;
    long read = 0;
    Set<Integer> rewritten = new TreeSet<>();
    for (int store : stores) {
      Map<Long, SnapshotRow> current = new HashMap<>();
      TableReader.of(latest).where(Expressions.equal(LatestInventorySnapshotTable.STORE_ID, store))
          .forEach(r -> {
            SnapshotRow row = SnapshotRecords.fromLatest(r);
            current.put(row.pairKey(), row);
          });
      Set<Long> storeChanged = new java.util.HashSet<>();
      try (CloseableIterable<Record> rows = newRows(scanFrom, to.snapshotId(),
          Expressions.equal(InventorySnapshotTable.STORE_ID, store))) {
        for (Record r : rows) {
          read++;
          SnapshotRow row = SnapshotRecords.fromInventorySnapshot(r);
          if (LatestSnapshotRule.offer(current, row)) {
            storeChanged.add(row.pairKey()); // distinct pairs: two new recounts of one pair change it once
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!storeChanged.isEmpty()) {
        rewritePartition(store, current, storeChanged.size());
        rewritten.add(store);
        changed += storeChanged.size();
      }
      progress.accept("latest snapshot: store " + store + ", " + storeChanged.size() + " pairs changed");
    }
    // the marker: everything up to `to` is folded in (an empty append, so it adds no data); only on top of the
    // marker this upsert started from: a racing attempt's marker fails this one (its retry finds nothing to do)
    var append = latest.newAppend().validateWith(StateGuard.keyUnchangedSince(SnapshotSummaryKeys.LATEST_FOLDED_UPTO,
        marker == null ? null : marker.snapshotId()));
    Commits.withSummary(append, Map.of(
        SnapshotSummaryKeys.LATEST_FOLDED_UPTO, Long.toString(to.snapshotId()),
        SnapshotSummaryKeys.LATEST_CHANGED_PAIRS, Long.toString(changed))).commit();
    return new Outcome(changed, rewritten, read);
  }

  private CloseableIterable<Record> newRows(Long fromExclusive, long to, Expression filter) {
    IcebergGenerics.ScanBuilder b = IcebergGenerics.read(snapshots).where(filter);
    // inventory_snapshot is append-only: the incremental scan returns exactly the rows appended in (from, to]
    return (fromExclusive == null ? b.useSnapshot(to) : b.appendsBetween(fromExclusive, to)).build();
  }

  private Set<Integer> allStores(long snapshotId) {
    Set<Integer> stores = new TreeSet<>();
    TableReader.of(snapshots).snapshot(snapshotId).select(InventorySnapshotTable.STORE_ID)
        .forEach(r -> stores.add((Integer) r.getField(InventorySnapshotTable.STORE_ID)));
    return stores;
  }

  private void rewritePartition(int store, Map<Long, SnapshotRow> rows, long changed) {
    List<SnapshotRow> sorted = new ArrayList<>(rows.values());
    sorted.sort((a, b) -> Integer.compare(a.itemId(), b.itemId()));
    Snapshot base = latest.currentSnapshot();
    Expression partition = Expressions.equal(LatestInventorySnapshotTable.STORE_ID, store);
    SnapshotRowRecords records = new SnapshotRowRecords(latest.schema());
    try (RecordAppender out = RecordAppender.clustered(latest)) {
      for (SnapshotRow row : sorted) {
        out.write(records.toRecord(row));
      }
      OverwriteFiles overwrite = latest.newOverwrite().overwriteByRowFilter(partition);
      out.complete().dataFiles().forEach(overwrite::addFile);
      if (base != null) {
        // someone else rewrote this store meanwhile: fail, the activity retry re-reads and re-merges
        overwrite.validateFromSnapshot(base.snapshotId()).conflictDetectionFilter(partition)
            .validateNoConflictingData().validateNoConflictingDeletes();
      }
      Commits.withSummary(overwrite, Map.of(SnapshotSummaryKeys.LATEST_STORE, Integer.toString(store),
          SnapshotSummaryKeys.LATEST_CHANGED_PAIRS, Long.toString(changed))).commit();
    }
  }
}
