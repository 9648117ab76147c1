package dev.poslake.activities.heartbeat;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A heartbeat that only beats when the work moved. An activity that hands its work to other threads must
 * heartbeat from its own thread while it waits for them; beating on every wait would keep an attempt alive whose
 * workers are all stuck (e.g. in a hung object-store read) until its start-to-close timeout. Here the waiting
 * thread beats only if {@code progress} (rows read, files written, ... as the workers count them) changed since
 * its last look, so a hang stops the heartbeats and Temporal's heartbeat timeout retries the attempt.
 * One waiting thread calls {@link #beatIfAdvanced} and {@link #sinceLastAdvance}; workers only bump the counter.
 */
public final class ProgressGatedHeartbeat {
  private final LongSupplier progress;
  private final Consumer<String> heartbeat;
  private final LongSupplier nanoClock;
  private long seen;
  private long seenAtNanos;

  public ProgressGatedHeartbeat(LongSupplier progress, Consumer<String> heartbeat) {
    this(progress, heartbeat, System::nanoTime);
  }

  ProgressGatedHeartbeat(LongSupplier progress, Consumer<String> heartbeat, LongSupplier nanoClock) {
    this.progress = progress;
    this.heartbeat = heartbeat;
    this.nanoClock = nanoClock;
    this.seen = progress.getAsLong();
    this.seenAtNanos = nanoClock.getAsLong();
  }

  /** Heartbeats with {@code details} if the progress moved since the last look; true if it did. */
  public boolean beatIfAdvanced(Supplier<String> details) {
    long now = progress.getAsLong();
    if (now == seen) return false;
    seen = now;
    seenAtNanos = nanoClock.getAsLong();
    heartbeat.accept(details.get());
    return true;
  }

  /** Time since {@link #beatIfAdvanced} last saw the progress move (or since creation). */
  public Duration sinceLastAdvance() {
    return Duration.ofNanos(nanoClock.getAsLong() - seenAtNanos);
  }
}
