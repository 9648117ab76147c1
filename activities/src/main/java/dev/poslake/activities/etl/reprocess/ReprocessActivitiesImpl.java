package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;

/** Temporal adapter of {@link RejectReprocessor}; every failure is retryable (the steps are idempotent). */
public final class ReprocessActivitiesImpl implements ReprocessActivities {
  private final RejectReprocessor reprocessor;

  public ReprocessActivitiesImpl(PipelineResources resources) {
    this(new RejectReprocessor(resources));
  }

  /** With a given reprocessor (tests: one with a {@link ReprocessHook}). */
  public ReprocessActivitiesImpl(RejectReprocessor reprocessor) {
    this.reprocessor = reprocessor;
  }

  @Override
  public ReprocessResult preview(ReprocessRequest request) {
    return reprocessor.preview(request, ProgressReporter.current());
  }

  @Override
  public ReprocessResult toSilver(ReprocessRequest request, String reprocessId) {
    return reprocessor.toSilver(request, reprocessId, ProgressReporter.current());
  }

  @Override
  public long markRejects(String reprocessId) {
    return reprocessor.markRejects(reprocessId, ProgressReporter.current());
  }
}
