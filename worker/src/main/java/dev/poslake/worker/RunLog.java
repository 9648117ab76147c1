package dev.poslake.worker;

import dev.poslake.ops.metrics.ProbeFailures;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import io.temporal.client.WorkflowClient;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each scheduled run when it starts and when it ends (with its result), by polling the schedules. */
public final class RunLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
  static final long POLL_MILLIS = 1000;

  private final WorkflowClient client;
  private final PipelineScheduler scheduler;
  private final ProbeFailures probeFailures;
  private final Set<String> seen = new HashSet<>();
  private volatile boolean closing;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pos-run-log");
    t.setDaemon(true);
    return t;
  });

  private RunLog(WorkflowClient client, PipelineScheduler scheduler, ProbeFailures probeFailures) {
    this.client = client;
    this.scheduler = scheduler;
    this.probeFailures = probeFailures;
  }

  /** @param probeFailures where a failed poll of the schedules is counted and logged */
  public static RunLog start(WorkflowClient client, PipelineScheduler scheduler, ProbeFailures probeFailures) {
    RunLog log = new RunLog(client, scheduler, probeFailures);
    log.timer.scheduleWithFixedDelay(log::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    return log;
  }

  private void poll() {
    try {
      for (String kind : ScheduleKinds.ALL) {
        scheduler.describe(kind).ifPresent(this::report);
      }
      probeFailures.succeeded(ProbeFailures.SCHEDULES, LOG, "polling the schedules for runs");
    } catch (RuntimeException e) {
      if (closing) return; // a poll cut off by close(): the process is stopping, nothing failed
      probeFailures.failed(ProbeFailures.SCHEDULES, LOG, "polling the schedules for runs", e);
    }
  }

  private void report(ScheduleView state) {
    for (RunRecord r : state.recentRuns()) {
      String key = r.workflowId() + "|" + r.scheduledAt() + "|" + r.status();
      if (!seen.add(key)) continue;
      switch (r.status()) {
        case RunRecord.RUNNING -> LOG.info("{} run {} started ({})", state.scheduleId(), r.workflowId(),
            r.reason());
        case RunRecord.COMPLETED -> LOG.info("{} run {} completed: {}", state.scheduleId(), r.workflowId(),
            result(r.workflowId()));
        case RunRecord.FAILED -> LOG.warn("{} run {} FAILED: {}", state.scheduleId(), r.workflowId(),
            r.message());
        case "STARTED" -> LOG.info("{} run {} started", state.scheduleId(), r.workflowId());
        default -> LOG.info("{} run skipped: {}", state.scheduleId(), r.message());
      }
    }
  }

  private String result(String workflowId) {
    try {
      Object o = client.newUntypedWorkflowStub(workflowId).getResult(1, TimeUnit.SECONDS, Object.class);
      return String.valueOf(o);
    } catch (Exception e) {
      return "(result unavailable: " + e.getMessage() + ")";
    }
  }

  /** Stops polling and waits (a few seconds at most) for a poll in flight to end; idempotent. */
  @Override
  public void close() {
    closing = true;
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
