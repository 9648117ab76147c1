package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;

/** Temporal adapter of {@link SilverProcessor}; all failures are retryable (the step is idempotent). */
public final class SilverActivitiesImpl implements SilverActivities {
  private final SilverProcessor processor;

  public SilverActivitiesImpl(PipelineResources resources) {
    this(new SilverProcessor(resources));
  }

  /** With a given processor (tests: one with a {@link SilverCommitHook}). */
  public SilverActivitiesImpl(SilverProcessor processor) {
    this.processor = processor;
  }

  @Override
  public SilverResult process(int maxBronzeSnapshots) {
    return processor.process(maxBronzeSnapshots, ProgressReporter.current());
  }
}
