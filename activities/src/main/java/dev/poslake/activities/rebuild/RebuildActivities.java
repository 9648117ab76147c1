package dev.poslake.activities.rebuild;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The steps of a rebuild ({@code RebuildWorkflow}): recompute chosen tables from their sources into staging
 * tables with the ETL's own code, check them, stage them on a branch of each table, publish. Every step is
 * idempotent: a retry continues from what the staging tables and branches already hold.
 */
@ActivityInterface(namePrefix = "Rebuild")
public interface RebuildActivities {

  /**
   * Removes what earlier rebuilds left (completing the publish of one that had published some tables), records
   * each table's main and creates empty staging tables.
   *
   * @param groups the table groups asked for ({@link RebuildScope}; empty: all); invalid ones fail the rebuild
   */
  RebuildPlan prepare(String rebuildId, List<String> groups, boolean dryRun);

  /** Silver from all of bronze into the staging inventory_change and rejected_inventory_change. */
  RebuildStepResult recomputeSilver(RebuildPlan plan);

  /** The snapshot tables from the recount files in the bucket into the staging tables. */
  RebuildStepResult recomputeSnapshots(RebuildPlan plan);

  /** Gold in full from the (staging or pipeline) silver and latest snapshot into the staging current_inventory. */
  RebuildStepResult recomputeGold(RebuildPlan plan);

  /** The staging gold against a full recomputation of its inputs, and what would change in gold. */
  RebuildCheck check(RebuildPlan plan);

  /** Puts each staging table's content on the branch {@code rebuild-<id>} of the pipeline's table. */
  void stage(RebuildPlan plan);

  /** Moves each table's main to its branch, in publish order; fails with nothing published if a main moved. */
  void publish(RebuildPlan plan);

  /**
   * Removes the rebuild's branches and staging tables, their files too if nothing was staged. A publish that
   * began is first completed as far as fast-forwards go.
   */
  void cleanUp(RebuildPlan plan);

  /** Whether the publish began (some main may have moved): then the tables are only consistent once it ends. */
  boolean publishBegan(RebuildPlan plan);

  /** Saves the status the ops page and `pos ops status` show. */
  void saveStatus(RebuildStatus status);
}
