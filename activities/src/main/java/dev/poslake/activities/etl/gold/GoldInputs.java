package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import dev.poslake.activities.etl.snapshot.SnapshotLog;
import dev.poslake.activities.etl.snapshot.SnapshotSummaryKeys;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.StoreTable;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What a merge from one position to the target reads (metadata only): which recount files and stores changed
 * latest_inventory_snapshot, which silver files are new, and so which stores have work. <b>Full mode</b>
 * recomputes every store (stores of latest_inventory_snapshot and of the {@code store} table): the recovery path
 * when the position is no longer in the history (expired, rolled back) or silver was rewritten.
 *
 * <p>The first merge (no position) is incremental from nothing: every recount and every silver row is new.
 */
final class GoldInputs {
  final Inputs from;
  final Inputs to;
  boolean full;
  /** Recount files new to gold (incremental mode only). */
  Set<String> changedFiles = Set.of();
  Set<Integer> changedStores = Set.of();
  /** Silver files new to gold (incremental mode only). */
  NewSilverFiles newFiles;
  long newestEventMillis;
  /** Every store that may have work, ascending. */
  final Set<Integer> stores = new TreeSet<>();

  private GoldInputs(Inputs from, Inputs to) {
    this.from = from;
    this.to = to;
  }

  /**
   * The position a merge moves to: the newest silver append (never a compaction on top of it: same rows, and
   * what PipelineLag compares with) and the newest consistent latest_inventory_snapshot state (an upsert marker).
   */
  static Inputs target(GoldTables t) {
    Long silverTo = SnapshotProperties.stateSnapshot(t.silver()).map(Snapshot::snapshotId).orElse(null);
    Long latestTo = SnapshotProperties.latestSnapshotWith(t.latest(),
        s -> s.summary().containsKey(SnapshotSummaryKeys.LATEST_FOLDED_UPTO)).map(Snapshot::snapshotId).orElse(null);
    return new Inputs(silverTo, latestTo);
  }

  static GoldInputs plan(GoldTables t, Inputs from, Inputs to) {
    GoldInputs in = new GoldInputs(from, to);
    in.full = from.silver() != null && to.silver() != null && !isAncestor(t.silver(), from.silver(), to.silver());
    if (!in.full) in.findChangedSnapshots(t);
    if (!in.full) {
      try {
        in.newFiles = NewSilverFiles.plan(t.silver(), from.silver(), to.silver());
        Set<Integer> candidates = in.newFiles.candidateStores();
        if (candidates == null) {
          in.full = true;
        } else {
          in.stores.addAll(candidates);
          in.stores.addAll(in.changedStores);
          in.newestEventMillis = in.newFiles.newestEventMillis();
        }
      } catch (UnsupportedOperationException overwriteInRange) {
        // silver is append-only (+ replace compactions); an overwrite means someone rewrote rows: start over in full
        in.full = true;
      }
    }
    if (in.full) {
      in.stores.clear();
      in.stores.addAll(GoldRecords.partitionStores(t.latest(), to.latest()));
      TableReader.of(GoldTables.load(t.resources(), StoreTable.NAME))
          .forEach(r -> in.stores.add((Integer) r.getField(StoreTable.STORE_ID)));
    }
    return in;
  }

  /** The stores of bucket {@code b} of {@code n} that may have work. */
  Set<Integer> storesOf(int b, int n) {
    Set<Integer> out = new TreeSet<>();
    for (int s : stores) if (GoldPosition.bucketOf(s, n) == b) out.add(s);
    return out;
  }

  /** Which latest rows changed since the position: those from recount files folded in after it. */
  private void findChangedSnapshots(GoldTables t) {
    if (to.latest() == null) return; // no snapshot at all yet
    Snapshot latestTo = t.latest().snapshot(to.latest());
    long isTo = Long.parseLong(latestTo.summary().get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO));
    Long isFrom = null;
    if (from.latest() != null) {
      Snapshot prev = t.latest().snapshot(from.latest());
      if (prev == null) {
        full = true; // expired: we cannot know what changed since
        return;
      }
      isFrom = Long.parseLong(prev.summary().get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO));
    }
    if (isFrom != null && isFrom == isTo) return;
    SnapshotLog log = SnapshotLog.between(t.snapshots(), isFrom, isTo);
    if (!log.complete()) {
      full = true;
      return;
    }
    changedFiles = log.files();
    changedStores = log.stores();
  }

  private static boolean isAncestor(Table table, long ancestor, long of) {
    for (Snapshot s : SnapshotUtil.ancestorsOf(of, table::snapshot)) {
      if (s.snapshotId() == ancestor) return true;
    }
    return false;
  }
}
