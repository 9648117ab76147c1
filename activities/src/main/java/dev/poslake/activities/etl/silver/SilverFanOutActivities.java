package dev.poslake.activities.etl.silver;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The silver step as separate activities, so Temporal spreads the parsing over all workers and cores: plan →
 * parse (one per group, in parallel) → commit. Activity types SilverPlan, SilverParse, SilverCommit. Each is
 * idempotent; parse and commit heartbeat while they make progress. Results are small handles and counts, never
 * rows. See docs/etl-bronze-silver.md, "Silver fan-out".
 */
@ActivityInterface(namePrefix = "Silver")
public interface SilverFanOutActivities {
  /** Non-retryable: the plan's silver state moved (another run committed); the next plan starts from there. */
  String STATE_MOVED = "SilverStateMoved";
  /** Non-retryable: bronze no longer has the plan's files. */
  String PLAN_MISMATCH = "SilverPlanMismatch";

  /**
   * The next batch: the bronze append snapshots after the last processed one (at most {@code maxBronzeSnapshots},
   * 0 = all), the state to commit on, and its files in at least {@code minGroups} groups (fewer if fewer files).
   * A plan without groups means nothing to do.
   */
  SilverPlan plan(int maxBronzeSnapshots, int minGroups);

  /** Parses one group of the plan into uncommitted files; commits nothing, so any number of attempts is safe. */
  SilverGroupResult parse(SilverPlan plan, int group);

  /** Commits the plan's batch from the results of ALL its groups, exactly once; cleans up the rest. */
  SilverResult commit(SilverPlan plan, List<SilverGroupResult> groups);
}
