package dev.poslake.activities.generator;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.function.Supplier;

/**
 * Heartbeats at most once a second. Why a wrapper: the same code runs inside a Temporal activity and in plain
 * tests/CLI, where there is no execution context.
 */
public final class ProgressReporter {
  private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
  private final ActivityExecutionContext context;
  private long last = System.nanoTime();

  private ProgressReporter(ActivityExecutionContext context) {
    this.context = context;
  }

  public static ProgressReporter none() {
    return new ProgressReporter(null);
  }

  /** The current activity's context if there is one, else a no-op reporter. */
  public static ProgressReporter current() {
    try {
      return new ProgressReporter(Activity.getExecutionContext());
    } catch (RuntimeException notInActivity) {
      return none();
    }
  }

  /** Heartbeats (throttled); throws Temporal's cancellation exception if the activity was cancelled. */
  public void progress(Supplier<?> details) {
    if (context == null) return;
    long now = System.nanoTime();
    if (now - last < MIN_INTERVAL_NANOS) return;
    last = now;
    context.heartbeat(details.get());
  }
}
