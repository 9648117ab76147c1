package dev.poslake.activities.rebuild;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldPosition;
import dev.poslake.activities.etl.snapshot.SnapshotSummaryKeys;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.activities.etl.gold.GoldSummaryKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a rebuild's results onto the pipeline's tables: first onto a branch of each table ({@link #stage}: one
 * commit that replaces every file of main as it was prepared with the staging table's files; readers of main see
 * nothing), then main onto the branch ({@link #publish}: a fast-forward, one catalog commit per table, in publish
 * order). Snapshot ids in summary positions (gold's silver and latest positions, latest's folded-up-to snapshot)
 * refer to staging snapshots and are mapped to the branch snapshots that copy them.
 */
final class RebuildBranches {
  private static final Logger LOG = LoggerFactory.getLogger(RebuildBranches.class);
  private final PipelineResources resources;

  RebuildBranches(PipelineResources resources) {
    this.resources = resources;
  }

  /** Stages every table of the plan on its branch; a retry skips the tables already staged. */
  void stage(RebuildPlan plan, Consumer<String> progress) {
    String branch = RebuildNames.branch(plan.rebuildId());
    Map<Long, Long> staged = new HashMap<>(); // staging snapshot id -> branch snapshot id
    for (String name : plan.tables()) {
      Table real = load(name, null);
      Table staging = load(name, plan);
      Snapshot head = real.snapshot(branch);
      if (head != null && plan.rebuildId().equals(head.summary().get(RebuildSummaryKeys.REBUILD_ID))) {
        String from = head.summary().get(RebuildSummaryKeys.STAGED_FROM);
        if (from != null) staged.put(Long.parseLong(from), head.snapshotId());
        continue;
      }
      long base = plan.mainSnapshotIds().get(name);
      long mainNow = mainId(real);
      if (mainNow != base) throw RebuildConflictException.mainMoved(name, base, mainNow);
      Snapshot source = staging.currentSnapshot();
      if (source == null && base == RebuildPlan.NO_SNAPSHOT) continue; // empty before and after: nothing to stage
      if (head == null && base != RebuildPlan.NO_SNAPSHOT) real.manageSnapshots().createBranch(branch, base).commit();
      RowDelta delta = real.newRowDelta().toBranch(branch);
      if (base != RebuildPlan.NO_SNAPSHOT) forEachFile(real, base, delta::removeRows, delta::removeDeletes);
      if (source != null) forEachFile(staging, source.snapshotId(), delta::addRows, delta::addDeletes);
      summary(name, source, staged, plan).forEach(delta::set);
      delta.commit();
      real.refresh();
      if (source != null) staged.put(source.snapshotId(), real.snapshot(branch).snapshotId());
      progress.accept("staged " + name + " on branch " + branch);
      LOG.info("rebuild {}: staged {} on branch {}", plan.rebuildId(), name, branch);
    }
  }

  /**
   * Fast-forwards each table's main to its branch, in publish order, after checking that no main moved since
   * the plan (else nothing is published). A table already published is skipped, so a retry completes the rest.
   */
  void publish(RebuildPlan plan, Consumer<String> progress) {
    String branch = RebuildNames.branch(plan.rebuildId());
    for (String name : plan.tables()) {
      Table real = load(name, null);
      Snapshot head = real.snapshot(branch);
      if (head == null || head.snapshotId() == mainId(real)) continue;
      long base = plan.mainSnapshotIds().get(name);
      if (mainId(real) != base) throw RebuildConflictException.mainMoved(name, base, mainId(real));
    }
    for (String name : plan.tables()) {
      Table real = load(name, null);
      Snapshot head = real.snapshot(branch);
      if (head == null || head.snapshotId() == mainId(real)) continue;
      real.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch).commit();
      progress.accept("published " + name);
      LOG.info("rebuild {}: published {} (main -> snapshot {})", plan.rebuildId(), name, head.snapshotId());
    }
  }

  /** Removes the branch of rebuild {@code rebuildId} from every table that has it. */
  void removeBranches(String rebuildId, Iterable<String> tables) {
    String branch = RebuildNames.branch(rebuildId);
    for (String name : tables) {
      Table real = load(name, null);
      if (real.refs().containsKey(branch)) real.manageSnapshots().removeBranch(branch).commit();
    }
  }

  /**
   * Whether some table's main holds a snapshot of rebuild {@code rebuildId}, i.e. it published at least one
   * table (its staging files are then in use).
   */
  boolean publishedAny(String rebuildId, Iterable<String> tables) {
    for (String name : tables) {
      Table real = load(name, null);
      if (real.currentSnapshot() == null) continue;
      for (Snapshot s : SnapshotUtil.ancestorsOf(real.currentSnapshot().snapshotId(), real::snapshot)) {
        if (rebuildId.equals(s.summary().get(RebuildSummaryKeys.REBUILD_ID))) return true;
      }
    }
    return false;
  }

  /**
   * Completes the publish of an earlier rebuild that published some tables and died: main of each table whose
   * branch still exists moves to it when that is a fast-forward; a table whose main moved meanwhile keeps it.
   */
  void completePublish(String rebuildId, Iterable<String> tables) {
    String branch = RebuildNames.branch(rebuildId);
    for (String name : tables) {
      Table real = load(name, null);
      Snapshot head = real.snapshot(branch);
      if (head == null || head.snapshotId() == mainId(real)) continue;
      long main = mainId(real);
      if (main == RebuildPlan.NO_SNAPSHOT || SnapshotUtil.isAncestorOf(real, head.snapshotId(), main)) {
        real.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch).commit();
        LOG.warn("rebuild {}: completed its publish of {}", rebuildId, name);
      } else {
        LOG.warn("rebuild {}: {} not published (main moved since); its branch is removed", rebuildId, name);
      }
    }
  }

  /** The summary of a branch commit: the staging head's pos.* keys, positions mapped, and the rebuild's keys. */
  private static Map<String, String> summary(String name, Snapshot source, Map<Long, Long> staged, RebuildPlan plan) {
    Map<String, String> out = new LinkedHashMap<>();
    if (source != null) {
      source.summary().forEach((k, v) -> {
        if (k.startsWith("pos.")) out.put(k, v);
      });
      out.put(RebuildSummaryKeys.STAGED_FROM, Long.toString(source.snapshotId()));
    }
    if (name.equals(LatestInventorySnapshotTable.NAME) && out.containsKey(SnapshotSummaryKeys.LATEST_FOLDED_UPTO)) {
      long folded = Long.parseLong(out.get(SnapshotSummaryKeys.LATEST_FOLDED_UPTO));
      out.put(SnapshotSummaryKeys.LATEST_FOLDED_UPTO,
          Long.toString(mapped(folded, staged, InventorySnapshotTable.NAME)));
    }
    if (name.equals(CurrentInventoryTable.NAME) && source != null) {
      out.remove(GoldSummaryKeys.SILVER_SNAPSHOT_ID);
      out.remove(GoldSummaryKeys.LATEST_SNAPSHOT_ID);
      out.putAll(GoldPosition.summary(goldPositions(source, staged, plan)));
    }
    out.put(RebuildSummaryKeys.REBUILD_ID, plan.rebuildId());
    out.put(RebuildSummaryKeys.PIPELINE_VERSION, PipelineVersion.get());
    return out;
  }

  /** The staging gold's positions, with staging silver and latest ids mapped to their branch snapshots. */
  private static GoldPosition.Inputs[] goldPositions(Snapshot source, Map<Long, Long> staged, RebuildPlan plan) {
    GoldPosition p = GoldPosition.fromSummary(source.summary());
    int n = Math.max(1, p.buckets());
    GoldPosition.Inputs[] out = p.expand(n);
    for (int b = 0; b < n; b++) {
      Long silver = out[b].silver();
      Long latest = out[b].latest();
      if (silver != null && plan.rebuilds(RebuildScope.SILVER)) silver = mapped(silver, staged, InventoryChangeTable.NAME);
      if (latest != null && plan.rebuilds(RebuildScope.SNAPSHOTS)) {
        latest = mapped(latest, staged, LatestInventorySnapshotTable.NAME);
      }
      out[b] = new GoldPosition.Inputs(silver, latest);
    }
    return out;
  }

  private static long mapped(long stagingId, Map<Long, Long> staged, String table) {
    Long id = staged.get(stagingId);
    if (id == null) {
      // positions must refer to the staging heads that were copied; anything else would point into thin air
      throw new IllegalStateException("rebuild: a position refers to snapshot " + stagingId + " of the staging "
          + table + ", which is not the snapshot staged");
    }
    return id;
  }

  private static long mainId(Table t) {
    Snapshot s = t.currentSnapshot();
    return s == null ? RebuildPlan.NO_SNAPSHOT : s.snapshotId();
  }

  private static void forEachFile(Table table, long snapshotId, Consumer<org.apache.iceberg.DataFile> data,
      Consumer<DeleteFile> deletes) {
    Set<String> seenDeletes = new java.util.HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask t : tasks) {
        data.accept(t.file());
        for (DeleteFile d : t.deletes()) {
          if (seenDeletes.add(d.location())) deletes.accept(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Table load(String name, RebuildPlan staging) {
    var id = staging == null ? resources.table(name)
        : org.apache.iceberg.catalog.TableIdentifier.of(org.apache.iceberg.catalog.Namespace.of(
            staging.stagingNamespace()), name);
    Table t = resources.catalog().loadTable(id);
    t.refresh();
    return t;
  }
}
