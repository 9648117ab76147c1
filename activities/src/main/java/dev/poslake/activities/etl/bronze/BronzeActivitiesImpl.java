package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.generator.ProgressReporter;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/** Temporal adapter: offset conflicts are non-retryable; everything else is retried by the activity options. */
public final class BronzeActivitiesImpl implements BronzeActivities {
  private final OffsetPlanner planner;
  private final BronzeIngester ingester;

  public BronzeActivitiesImpl(PipelineResources resources) {
    this(new OffsetPlanner(resources), new BronzeIngester(resources));
  }

  public BronzeActivitiesImpl(OffsetPlanner planner, BronzeIngester ingester) {
    this.planner = planner;
    this.ingester = ingester;
  }

  @Override
  public OffsetPlan plan(int maxOffsetsPerPartition) {
    return run(() -> planner.plan(maxOffsetsPerPartition));
  }

  @Override
  public BronzeResult ingest(PartitionRange range) {
    return run(() -> ingester.ingest(range, ProgressReporter.current()));
  }

  private static <T> T run(Supplier<T> step) {
    try {
      return step.get();
    } catch (OffsetConflictException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), OFFSET_CONFLICT, e);
    }
  }
}
