package dev.poslake.activities.rebuild;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.gold.GoldDiff;
import dev.poslake.activities.etl.gold.GoldMerge;
import dev.poslake.activities.etl.gold.GoldResult;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.etl.silver.SilverProcessor;
import dev.poslake.activities.etl.silver.SilverResult;
import dev.poslake.activities.etl.snapshot.SnapshotIngest;
import dev.poslake.activities.etl.snapshot.SnapshotIngestResult;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.PosTables;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class RebuildActivitiesImpl implements RebuildActivities {
  private static final Logger LOG = LoggerFactory.getLogger(RebuildActivitiesImpl.class);
  private final PipelineResources resources;
  private final RebuildStatusStore statuses;
  private final Runnable beforeStage;
  private final Consumer<String> afterPublished;

  public RebuildActivitiesImpl(PipelineResources resources) {
    this(resources, () -> { }, table -> { });
  }

  /**
   * Test seams: {@code beforeStage} runs at the start of every {@link #stage} attempt, {@code afterPublished}
   * after each table a {@link #publish} attempt published (block or throw there to simulate a crash).
   */
  public RebuildActivitiesImpl(PipelineResources resources, Runnable beforeStage, Consumer<String> afterPublished) {
    this.resources = resources;
    this.statuses = new RebuildStatusStore(resources.objectStore());
    this.beforeStage = beforeStage;
    this.afterPublished = afterPublished;
  }

  @Override
  public RebuildPlan prepare(String rebuildId, List<String> chosen, boolean dryRun) {
    List<String> groups;
    try {
      groups = RebuildScope.expand(chosen);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRebuildRequest");
    }
    List<String> tables = RebuildScope.tablesOf(groups);
    removeLeftovers(rebuildId);
    Map<String, Long> main = new HashMap<>();
    for (String name : tables) {
      Table t = PosTables.byName(name).ensure(resources.catalog(), resources.namespace());
      Snapshot s = t.currentSnapshot();
      main.put(name, s == null ? RebuildPlan.NO_SNAPSHOT : s.snapshotId());
    }
    Namespace staging = RebuildNames.staging(resources.namespace(), rebuildId);
    StagingTables.create(resources, staging, tables);
    LOG.info("rebuild {}: {} into {} (dry run: {})", rebuildId, groups, staging, dryRun);
    return new RebuildPlan(rebuildId, groups, tables, main, staging.level(0), dryRun);
  }

  /**
   * Earlier rebuilds' staging namespaces and branches: one whose publish began is completed first (as far as a
   * fast-forward goes); one that staged files keeps them (main or a branch may refer to them).
   */
  private void removeLeftovers(String rebuildId) {
    RebuildBranches branches = new RebuildBranches(resources);
    List<String> all = RebuildScope.tablesOf(RebuildScope.GROUPS);
    for (String old : StagingTables.leftovers(resources)) {
      if (old.equals(rebuildId)) continue;
      Namespace staging = RebuildNames.staging(resources.namespace(), old);
      boolean publishing = StagingTables.marked(resources, staging, StagingTables.PUBLISHING);
      if (publishing) branches.completePublish(old, all);
      branches.removeBranches(old, all);
      StagingTables.drop(resources, staging);
      LOG.warn("rebuild {}: removed what rebuild {} left ({})", rebuildId, old,
          publishing ? "it had begun to publish; its publish is completed" : "it published nothing");
    }
    for (String name : all) {
      Table t = PosTables.byName(name).ensure(resources.catalog(), resources.namespace());
      for (String ref : List.copyOf(t.refs().keySet())) {
        if (ref.startsWith(RebuildNames.BRANCH_PREFIX) && !ref.equals(RebuildNames.branch(rebuildId))) {
          t.manageSnapshots().removeBranch(ref).commit();
        }
      }
    }
  }

  @Override
  public RebuildStepResult recomputeSilver(RebuildPlan plan) {
    long start = System.currentTimeMillis();
    SilverProcessor processor = new SilverProcessor(staged(plan));
    long rows = 0, rejects = 0;
    while (true) {
      SilverResult r = processor.process(0, ProgressReporter.current());
      rows += r.changeRows();
      rejects += r.rejected();
      if (r.toBronzeSnapshotId() == r.fromBronzeSnapshotId()) break; // caught up with bronze
    }
    return new RebuildStepResult(RebuildScope.SILVER, rows, rejects, System.currentTimeMillis() - start);
  }

  @Override
  public RebuildStepResult recomputeSnapshots(RebuildPlan plan) {
    long start = System.currentTimeMillis();
    SnapshotIngestResult r = new SnapshotIngest(staged(plan), RebuildActivitiesImpl::heartbeat).run();
    return new RebuildStepResult(RebuildScope.SNAPSHOTS, r.rows(), r.rejected(), System.currentTimeMillis() - start);
  }

  @Override
  public RebuildStepResult recomputeGold(RebuildPlan plan) {
    long start = System.currentTimeMillis();
    GoldResult r = new GoldMerge(staged(plan), RebuildActivitiesImpl::heartbeat).run();
    return new RebuildStepResult(RebuildScope.GOLD, r.rowsUpserted(), 0, System.currentTimeMillis() - start);
  }

  @Override
  public RebuildCheck check(RebuildPlan plan) {
    PipelineResources staged = staged(plan);
    VerifyReport verify = new GoldVerifier(staged, RebuildActivitiesImpl::heartbeat).verify();
    Table before = resources.catalog().loadTable(resources.table(CurrentInventoryTable.NAME));
    Table after = resources.catalog().loadTable(staged.table(CurrentInventoryTable.NAME));
    // main as the plan recorded it: the diff is what publishing would change
    GoldDiff diff = GoldDiff.between(before, after, RebuildActivitiesImpl::heartbeat);
    return new RebuildCheck(verify, diff);
  }

  @Override
  public void stage(RebuildPlan plan) {
    beforeStage.run();
    StagingTables.mark(resources, Namespace.of(plan.stagingNamespace()), StagingTables.STAGED);
    try {
      new RebuildBranches(resources).stage(plan, RebuildActivitiesImpl::heartbeat);
    } catch (RebuildConflictException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), RebuildConflictException.TYPE);
    }
  }

  @Override
  public void publish(RebuildPlan plan) {
    Namespace staging = Namespace.of(plan.stagingNamespace());
    boolean begun = StagingTables.marked(resources, staging, StagingTables.PUBLISHING);
    try {
      new RebuildBranches(resources).publish(plan, begun,
          () -> StagingTables.mark(resources, staging, StagingTables.PUBLISHING), table -> {
            heartbeat("published " + table);
            afterPublished.accept(table);
          });
    } catch (RebuildConflictException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), RebuildConflictException.TYPE);
    } catch (PublishIncompleteException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), PublishIncompleteException.TYPE);
    }
  }

  @Override
  public void cleanUp(RebuildPlan plan) {
    RebuildBranches branches = new RebuildBranches(resources);
    Namespace staging = Namespace.of(plan.stagingNamespace());
    // a publish that began is never left half-done by a clean-up: it rolls forward as far as it can first
    if (StagingTables.marked(resources, staging, StagingTables.PUBLISHING)) {
      branches.completePublish(plan.rebuildId(), plan.tables());
    }
    branches.removeBranches(plan.rebuildId(), plan.tables());
    StagingTables.drop(resources, staging);
  }

  @Override
  public boolean publishBegan(RebuildPlan plan) {
    return StagingTables.marked(resources, Namespace.of(plan.stagingNamespace()), StagingTables.PUBLISHING);
  }

  @Override
  public void saveStatus(RebuildStatus status) {
    statuses.save(status);
  }

  /** The ETL's resources with the plan's tables redirected to its staging namespace. */
  private PipelineResources staged(RebuildPlan plan) {
    return resources.redirected(Namespace.of(plan.stagingNamespace()), plan.tables());
  }

  private static void heartbeat(String what) {
    Activity.getExecutionContext().heartbeat(what);
  }
}
