package dev.poslake.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Activity options shared by the pipeline's workflows: bounded attempts, backoff, heartbeats where long. */
public final class ActivityStubs {
  /** Retries with backoff up to ~10 minutes of trying; invalid input fails at once (non-retryable types). */
  public static final RetryOptions RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1))
      .setBackoffCoefficient(2)
      .setMaximumInterval(Duration.ofMinutes(1))
      .setMaximumAttempts(15)
      .setDoNotRetry("InvalidReferenceFile", "java.lang.IllegalArgumentException")
      .build();

  private ActivityStubs() {}

  /** @param heartbeat heartbeat timeout, or zero for short activities that do not heartbeat */
  public static <T> T create(Class<T> type, Duration startToClose, Duration heartbeat) {
    ActivityOptions.Builder b = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RETRY);
    if (!heartbeat.isZero()) b.setHeartbeatTimeout(heartbeat);
    return Workflow.newActivityStub(type, b.build());
  }
}
