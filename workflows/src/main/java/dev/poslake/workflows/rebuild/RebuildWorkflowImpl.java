package dev.poslake.workflows.rebuild;

import dev.poslake.activities.rebuild.PublishIncompleteException;
import dev.poslake.activities.rebuild.RebuildActivities;
import dev.poslake.activities.rebuild.RebuildConflictException;
import dev.poslake.activities.rebuild.RebuildCheck;
import dev.poslake.activities.rebuild.RebuildPlan;
import dev.poslake.activities.rebuild.RebuildScope;
import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.activities.rebuild.RebuildStepResult;
import dev.poslake.activities.reference.ReferenceActivities;
import dev.poslake.activities.schedule.ScheduleControlActivities;
import dev.poslake.workflows.ActivityStubs;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

public final class RebuildWorkflowImpl implements RebuildWorkflow {
  private static final Logger LOG = Workflow.getLogger(RebuildWorkflowImpl.class);
  /** The schedule kind a rebuild holds paused (ScheduleKinds.ETL of the ops module). */
  static final String ETL = "etl";
  static final String CHECK_FAILED = "RebuildCheckFailed";

  /** Recompute, check, stage: long, heartbeating; a cancel waits for the running attempt to stop. */
  private final RebuildActivities steps = Workflow.newActivityStub(RebuildActivities.class,
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(3)).setHeartbeatTimeout(Duration.ofMinutes(2))
          .setRetryOptions(ActivityStubs.RETRY)
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
  /** Preparation and clean-up walk catalogs and delete files without heartbeats. */
  private final RebuildActivities admin =
      ActivityStubs.create(RebuildActivities.class, Duration.ofHours(1), Duration.ZERO);
  /**
   * The publish: once a main moved it must roll forward, so it is retried without limit (unless main moved and
   * nothing or not everything can be published: non-retryable) and runs in a scope a cancel does not reach.
   */
  private final RebuildActivities publisher = Workflow.newActivityStub(RebuildActivities.class,
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(1)).setHeartbeatTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
              .setBackoffCoefficient(2).setMaximumInterval(Duration.ofMinutes(1)).setMaximumAttempts(0)
              .setDoNotRetry(RebuildConflictException.TYPE, PublishIncompleteException.TYPE).build())
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
  private final RebuildActivities quick =
      ActivityStubs.create(RebuildActivities.class, Duration.ofMinutes(2), Duration.ZERO);
  private final ScheduleControlActivities control =
      ActivityStubs.create(ScheduleControlActivities.class, Duration.ofHours(1), Duration.ofMinutes(1));
  private final ReferenceActivities reference =
      ActivityStubs.create(ReferenceActivities.class, Duration.ofMinutes(10), Duration.ZERO);

  private RebuildStatus status;

  @Override
  public RebuildResult run(RebuildRequest request) {
    String id = Workflow.randomUUID().toString().substring(0, 8);
    String holder = "rebuild " + id;
    List<String> groups = groups(request.tables());
    long now = Workflow.currentTimeMillis();
    status = new RebuildStatus(id, Workflow.getInfo().getWorkflowId(), tables(groups), RebuildStatus.PAUSING,
        request.dryRun(), now, now, null);
    quick.saveStatus(status);
    boolean held = false;
    boolean published = false;
    RebuildPlan plan = null;
    String error = null;
    try {
      held = control.hold(ETL, holder, holder + " recomputes " + String.join(", ", groups)
          + (request.by() == null ? "" : " (asked by " + request.by() + ")"));
      control.awaitIdle(ETL);
      reference.refresh(); // today's reference data: the rules a rebuild applies
      plan = admin.prepare(id, request.tables(), request.dryRun());
      phase(RebuildStatus.RECOMPUTING);
      List<RebuildStepResult> results = recompute(plan);
      phase(RebuildStatus.CHECKING);
      RebuildCheck check = steps.check(plan);
      if (!check.verify().ok()) {
        throw ApplicationFailure.newNonRetryableFailure("the rebuilt gold differs from a full recomputation of "
            + "its inputs (" + check.verify().goldMismatches() + " pairs, e.g. " + check.verify().examples()
            + "); nothing was published", CHECK_FAILED);
      }
      if (request.dryRun()) {
        phase(RebuildStatus.DRY_RUN_DONE);
        return new RebuildResult(id, plan.groups(), true, false, results, check, held);
      }
      steps.stage(plan);
      phase(RebuildStatus.PUBLISHING);
      RebuildPlan toPublish = plan;
      Workflow.newDetachedCancellationScope(() -> publisher.publish(toPublish)).run();
      published = true;
      try {
        phase(RebuildStatus.PUBLISHED);
      } catch (RuntimeException e) {
        LOG.warn("{}: published, but its status was not saved: {}", holder, e.getMessage());
      }
      return new RebuildResult(id, plan.groups(), false, true, results, check, held);
    } catch (RuntimeException e) {
      error = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
      throw e;
    } finally {
      // detached: also when the rebuild is cancelled, it removes what it staged and gives the schedule back
      RebuildPlan staged = plan;
      String failure = error;
      boolean done = published;
      Workflow.newDetachedCancellationScope(() -> finish(staged, failure, done, holder)).run();
    }
  }

  /** Silver and the snapshot tables are independent: recomputed side by side, then gold from both. */
  private List<RebuildStepResult> recompute(RebuildPlan plan) {
    Promise<RebuildStepResult> silver = plan.rebuilds(RebuildScope.SILVER)
        ? Async.function(steps::recomputeSilver, plan) : null;
    Promise<RebuildStepResult> snapshots = plan.rebuilds(RebuildScope.SNAPSHOTS)
        ? Async.function(steps::recomputeSnapshots, plan) : null;
    List<RebuildStepResult> results = new ArrayList<>();
    if (silver != null) results.add(silver.get());
    if (snapshots != null) results.add(snapshots.get());
    results.add(steps.recomputeGold(plan));
    return results;
  }

  /**
   * Removes what the rebuild staged and gives the ETL schedule back (a hold whatever paused it: the schedule
   * resumes only if a rebuild's hold still pauses it). Not when a publish began and did not end: the tables are not
   * consistent with each other then, so the ETL stays held until a new rebuild publishes.
   */
  private void finish(RebuildPlan plan, String error, boolean published, String holder) {
    boolean halfPublished = false;
    try {
      if (plan != null) {
        halfPublished = !published && admin.publishBegan(plan);
        admin.cleanUp(plan);
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: clean-up failed; the next rebuild removes what is left: {}", holder, e.getMessage());
    }
    if (error != null) {
      try {
        phase(RebuildStatus.FAILED, halfPublished ? error + " (the publish had begun: the ETL stays paused until "
            + "`pos rebuild` runs again)" : error);
      } catch (RuntimeException e) {
        LOG.warn("{}: status not saved: {}", holder, e.getMessage());
      }
    }
    if (!halfPublished) control.release(ETL, holder, holder + " ended" + (error == null ? "" : " (failed)"));
  }

  private void phase(String phase) {
    phase(phase, null);
  }

  private void phase(String phase, String error) {
    status = status.at(phase, Workflow.currentTimeMillis(), error);
    quick.saveStatus(status);
  }

  /** The tables of the groups, for the status (the ops page marks them); an unknown group yields none. */
  private static List<String> tables(List<String> groups) {
    try {
      return RebuildScope.tablesOf(groups);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /** The groups for the status; an invalid request keeps its names and fails in prepare with the reason. */
  private static List<String> groups(List<String> asked) {
    try {
      return RebuildScope.expand(asked);
    } catch (IllegalArgumentException e) {
      return asked;
    }
  }
}
