package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import java.util.ArrayList;
import java.util.List;

/**
 * Bronze → silver for one batch of bronze snapshots: parse + validate every record with the domain parser, explode
 * valid parts to inventory_change rows, quarantine the rest in rejected_inventory_change, drop duplicate
 * (trans_id, store_id, part) keys (the occurrence at the lowest (Kafka partition, offset) is kept, so a retry keeps
 * the same one).
 *
 * <p>Three phases, which the ETL workflow runs as separate activities so Temporal can spread the parsing over
 * workers and cores (see docs/etl-bronze-silver.md, "Silver fan-out"): {@link SilverPlanner} (which bronze rows, which
 * file groups, the state to commit on), {@link SilverGroupParse} per group (uncommitted files and a key file), and
 * {@link SilverCommit} (de-duplication across groups and against silver, one guarded commit per table, clean-up).
 * {@link #process} runs them one after the other in one activity: the path of workflow runs started by a release
 * before the fan-out, and of tests.
 */
public final class SilverProcessor {
  /** One group per this much bronze when the phases run in one activity: the groups run one after another. */
  private static final int SEQUENTIAL_MIN_GROUPS = 1;

  private final SilverPlanner planner;
  private final SilverGroupParse parser;
  private final SilverCommit committer;

  public SilverProcessor(PipelineResources resources) {
    this(resources, SilverCommitHook.NONE);
  }

  /** @param hook runs between the rejected_inventory_change commit and the inventory_change commit (tests) */
  public SilverProcessor(PipelineResources resources, SilverCommitHook hook) {
    this.planner = new SilverPlanner(resources);
    this.parser = new SilverGroupParse(resources);
    this.committer = new SilverCommit(resources, hook);
  }

  /** The plan step: the next batch (at most {@code maxBronzeSnapshots}, 0 = all) in at least {@code minGroups}. */
  public SilverPlan plan(int maxBronzeSnapshots, int minGroups) {
    return planner.plan(maxBronzeSnapshots, minGroups);
  }

  /** The parse step of one group of the plan: uncommitted files, never commits. */
  public SilverGroupResult parse(SilverPlan plan, int group, ProgressReporter progress) {
    return parser.parse(plan, group, progress);
  }

  /** The commit step: the plan's batch from its groups' outputs, exactly once. */
  public SilverResult commit(SilverPlan plan, List<SilverGroupResult> groups, ProgressReporter progress) {
    return committer.commit(plan, groups, progress);
  }

  /** All three steps in this thread. Idempotent: a retry after a commit does not write twice. */
  public SilverResult process(int maxBronzeSnapshots, ProgressReporter progress) {
    SilverPlan plan = plan(maxBronzeSnapshots, SEQUENTIAL_MIN_GROUPS);
    if (!plan.hasWork()) return plan.nothingDone();
    List<SilverGroupResult> groups = new ArrayList<>();
    for (SilverPlan.ParseGroup g : plan.groups()) groups.add(parse(plan, g.index(), progress));
    return commit(plan, groups, progress);
  }
}
