package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.Supplier;

/**
 * Temporal adapter of the silver phases: a moved state or a plan bronze cannot serve any more is non-retryable (a
 * retry of the same plan cannot succeed; the next run plans again), everything else is retried.
 */
public final class SilverFanOutActivitiesImpl implements SilverFanOutActivities {
  private final SilverProcessor processor;

  public SilverFanOutActivitiesImpl(PipelineResources resources) {
    this(new SilverProcessor(resources));
  }

  /** With a given processor (tests: one with a {@link SilverCommitHook}). */
  public SilverFanOutActivitiesImpl(SilverProcessor processor) {
    this.processor = processor;
  }

  @Override
  public SilverPlan plan(int maxBronzeSnapshots, int minGroups) {
    return run(() -> processor.plan(maxBronzeSnapshots, minGroups));
  }

  @Override
  public SilverGroupResult parse(SilverPlan plan, int group) {
    return run(() -> processor.parse(plan, group, ProgressReporter.current()));
  }

  @Override
  public SilverResult commit(SilverPlan plan, List<SilverGroupResult> groups) {
    return run(() -> processor.commit(plan, groups, ProgressReporter.current()));
  }

  private static <T> T run(Supplier<T> step) {
    try {
      return step.get();
    } catch (SilverStateMovedException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), STATE_MOVED, e);
    } catch (SilverPlanMismatchException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), PLAN_MISMATCH, e);
    }
  }
}
