package dev.poslake.activities.env;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Heartbeats at the first report, then at most once a second. Why a wrapper: the same code runs inside a Temporal
 * activity and in plain tests/CLI, where there is no execution context. Why at once: an activity shorter than the
 * interval would otherwise never show its progress (Temporal's pending-activity details, which operators and the
 * multi-worker test look at to see which worker runs what).
 */
public final class ProgressReporter {
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  private final Consumer<Object> heartbeat;
  private final long minIntervalNanos;
  private long last;
  private boolean reported;

  private ProgressReporter(Consumer<Object> heartbeat, Duration minInterval) {
    this.heartbeat = heartbeat;
    this.minIntervalNanos = minInterval.toNanos();
  }

  public static ProgressReporter none() {
    return new ProgressReporter(null, MIN_INTERVAL);
  }

  /** The current activity's context if there is one, else a no-op reporter. */
  public static ProgressReporter current() {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (RuntimeException notInActivity) {
      return none();
    }
    return new ProgressReporter(context::heartbeat, MIN_INTERVAL);
  }

  /** Reports to {@code heartbeat}, at most once per {@code minInterval} (zero: every call), e.g. to count them. */
  public static ProgressReporter to(Consumer<Object> heartbeat, Duration minInterval) {
    return new ProgressReporter(heartbeat, minInterval);
  }

  /** Heartbeats (throttled); throws Temporal's cancellation exception if the activity was cancelled. */
  public void progress(Supplier<?> details) {
    if (heartbeat == null) return;
    long now = System.nanoTime();
    if (reported && now - last < minIntervalNanos) return;
    reported = true;
    last = now;
    heartbeat.accept(details.get());
  }
}
