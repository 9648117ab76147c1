package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.metrics.ProbeFailures;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.ops.schedules.TriggerOutcome;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunLogTest {

  /** A scheduler whose describe() waits like a slow Temporal call, failing the way gRPC does when interrupted. */
  static final class SlowScheduler implements PipelineScheduler {
    final CountDownLatch polling = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public Optional<ScheduleView> describe(String kind) {
      polling.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("call cancelled: interrupted", e);
      } finally {
        ended.countDown();
      }
      return Optional.empty();
    }

    @Override
    public String backend() {
      return "test";
    }

    @Override
    public List<String> ensure(List<ScheduleSpec> specs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduleView pause(String kind, String note, String by) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduleView resume(String kind, String note, String by) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TriggerOutcome trigger(String kind, String note) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void closingWhileAPollIsInFlightIsAStopNotAFailure() throws Exception {
    try (PipelineMetrics metrics = new PipelineMetrics()) {
      SlowScheduler scheduler = new SlowScheduler();
      RunLog log = RunLog.start(null, scheduler, metrics.probeFailures());
      assertTrue(scheduler.polling.await(10, TimeUnit.SECONDS), "a poll started");
      log.close();
      assertEquals(0, scheduler.ended.getCount(), "close returns once the poll in flight has ended");
      Thread.sleep(200); // what the cut-off poll does next (a failure would be counted now)
      String failures = metrics.scrape().lines()
          .filter(l -> l.startsWith(ProbeFailures.METRIC) && l.contains("probe=\"" + ProbeFailures.SCHEDULES + "\""))
          .findFirst().orElseThrow();
      assertEquals(0.0, Double.parseDouble(failures.substring(failures.lastIndexOf(' ') + 1)), failures);
    }
  }
}
