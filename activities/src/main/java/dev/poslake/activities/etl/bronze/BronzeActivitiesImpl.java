package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Temporal adapter: offset conflicts, lost offsets and a recreated topic are non-retryable (a person must act);
 * everything else is retried by the activity options.
 */
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
  public OffsetPlan plan(int maxOffsetsPerPartition, boolean acceptDataLoss) {
    return run(() -> planner.plan(maxOffsetsPerPartition, acceptDataLoss));
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
    } catch (DataLossException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), DATA_LOSS, e);
    } catch (TopicChangedException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), TOPIC_CHANGED, e);
    }
  }
}
