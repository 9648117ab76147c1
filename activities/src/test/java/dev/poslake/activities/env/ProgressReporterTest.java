package dev.poslake.activities.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  @Test
  void theFirstReportGoesOutAtOnceAndTheNextOnesAtMostOncePerInterval() {
    List<Object> sent = new ArrayList<>();
    ProgressReporter progress = ProgressReporter.to(sent::add, Duration.ofHours(1));
    progress.progress(() -> "first");
    progress.progress(() -> "second");
    progress.progress(() -> "third");
    // a short activity still shows where it is; the rest wait for the interval
    assertEquals(List.of("first"), sent);
  }

  @Test
  void aZeroIntervalReportsEveryCallAndNoneReportsNothing() {
    List<Object> sent = new ArrayList<>();
    ProgressReporter every = ProgressReporter.to(sent::add, Duration.ZERO);
    every.progress(() -> 1);
    every.progress(() -> 2);
    assertEquals(List.of(1, 2), sent);
    ProgressReporter.none().progress(() -> { throw new AssertionError("never asked for details"); });
  }
}
