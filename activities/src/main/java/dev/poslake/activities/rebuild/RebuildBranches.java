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
import org.apache.iceberg.expressions.Expressions;
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
      // validated against the branch as created: an overlapping attempt (a retry after a heartbeat timeout) that
      // committed first makes this commit fail instead of adding the staging files a second time
      RowDelta delta = real.newRowDelta().toBranch(branch)
          .conflictDetectionFilter(Expressions.alwaysTrue())
          .validateNoConflictingDataFiles().validateNoConflictingDeleteFiles().validateDeletedFiles();
      if (base != RebuildPlan.NO_SNAPSHOT) {
        delta.validateFromSnapshot(base);
        forEachFile(real, base, delta::removeRows, delta::removeDeletes, progress);
      }
      if (source != null) forEachFile(staging, source.snapshotId(), delta::addRows, delta::addDeletes, progress);
      summary(name, source, staged, plan).forEach(delta::set);
      delta.commit();
      real.refresh();
      if (source != null) staged.put(source.snapshotId(), real.snapshot(branch).snapshotId());
      progress.accept("staged " + name + " on branch " + branch);
      LOG.info("rebuild {}: staged {} on branch {}", plan.rebuildId(), name, branch);
    }
  }

  /**
   * Fast-forwards each table's main to its branch, in publish order. Before the first table moves, every main must
   * still be where the plan saw it (else nothing is published: {@link RebuildConflictException}); after that it
   * only rolls forward: a retry skips the tables already published and publishes the rest.
   *
   * @param begun the publish began before (recorded by {@code beforeFirstMove} of an earlier attempt)
   * @param beforeFirstMove runs after the checks, before any main moves (records that the publish began)
   * @param published told the name of each table published
   * @throws PublishIncompleteException if a table cannot be fast-forwarded any more (its main moved after the
   *     publish began); the tables before it stay published
   */
  void publish(RebuildPlan plan, boolean begun, Runnable beforeFirstMove, Consumer<String> published) {
    String branch = RebuildNames.branch(plan.rebuildId());
    for (String name : plan.tables()) {
      Snapshot head = load(name, null).snapshot(branch);
      if (head != null && head.snapshotId() == mainId(load(name, null))) begun = true;
    }
    if (!begun) {
      for (String name : plan.tables()) {
        Table real = load(name, null);
        long base = plan.mainSnapshotIds().get(name);
        if (real.snapshot(branch) != null && mainId(real) != base) {
          throw RebuildConflictException.mainMoved(name, base, mainId(real));
        }
      }
    }
    beforeFirstMove.run();
    for (String name : plan.tables()) {
      Table real = load(name, null);
      Snapshot head = real.snapshot(branch);
      if (head == null || head.snapshotId() == mainId(real)) continue;
      long main = mainId(real);
      if (main != RebuildPlan.NO_SNAPSHOT && !SnapshotUtil.isAncestorOf(real, head.snapshotId(), main)) {
        throw new PublishIncompleteException(name + ": main moved to snapshot " + main + " during the publish of "
            + "rebuild " + plan.rebuildId() + ", so it cannot move to the rebuilt branch; the tables before it are "
            + "published. The ETL stays paused: run `pos rebuild` again");
      }
      real.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch).commit();
      LOG.info("rebuild {}: published {} (main -> snapshot {})", plan.rebuildId(), name, head.snapshotId());
      published.accept(name);
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
   * Completes the publish of a rebuild that began publishing and did not end it (its workflow lost, or its last
   * attempt failed): main of each table whose branch still exists moves to it when that is a fast-forward; a table
   * whose main moved meanwhile keeps it (logged: a new rebuild repairs it).
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
      Consumer<DeleteFile> deletes, Consumer<String> progress) {
    Set<String> seenDeletes = new java.util.HashSet<>();
    long n = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask t : tasks) {
        if (++n % 1000 == 0) progress.accept(table.name() + ": " + n + " files listed");
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
