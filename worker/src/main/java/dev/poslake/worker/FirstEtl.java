package dev.poslake.worker;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.ops.schedules.TriggerOutcome;
import dev.poslake.workflows.schedule.RunRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `pos up` on a data dir whose gold is still empty: both schedules start a run at once, so the first ETL finds
 * Kafka (nearly) empty and gold would stay empty for a whole ETL interval. This waits for the first generator run
 * that succeeds and then triggers one ETL run, so a new user sees gold within about a minute. Outside the
 * workflows on purpose: the schedules stay plain intervals and no workflow code (or replay history) changes. A
 * trigger that finds an ETL run in flight waits for it and triggers once more (that run may have planned before
 * the generator's records were there); a duplicate ETL run is harmless, every step is idempotent.
 */
public final class FirstEtl implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FirstEtl.class);
  static final String NOTE = "first ETL after the first generator run (pos up, gold empty)";
  private static final long POLL_MILLIS = 500;

  private final WorkflowClient client;
  private final PipelineScheduler scheduler;
  private final Thread thread;

  private FirstEtl(WorkflowClient client, PipelineScheduler scheduler) {
    this.client = client;
    this.scheduler = scheduler;
    this.thread = new Thread(this::run, "pos-first-etl");
    thread.setDaemon(true);
  }

  /** Starts the wait if gold has no rows yet; otherwise does nothing (the schedules alone are fine then). */
  public static FirstEtl startIfGoldEmpty(PipelineResources resources, WorkflowClient client,
      PipelineScheduler scheduler) {
    try {
      if (!goldEmpty(resources)) return null;
    } catch (RuntimeException e) {
      // only an early start is at stake: `up` goes on with its schedules
      LOG.warn("cannot tell whether gold is empty, not triggering an early ETL: {}", e.toString());
      return null;
    }
    return start(client, scheduler);
  }

  static FirstEtl start(WorkflowClient client, PipelineScheduler scheduler) {
    FirstEtl f = new FirstEtl(client, scheduler);
    f.thread.start();
    return f;
  }

  /** True if current_inventory has never held a row (no snapshot, or every snapshot without data). */
  static boolean goldEmpty(PipelineResources resources) {
    Table gold = resources.catalog().loadTable(resources.table(CurrentInventoryTable.NAME));
    Snapshot s = gold.currentSnapshot();
    return s == null || "0".equals(s.summary().getOrDefault("total-records", "0"));
  }

  /** True once the thread is done: the ETL was triggered, or it gave up, or it was stopped. */
  boolean finished() {
    return !thread.isAlive();
  }

  private void run() {
    try {
      String generatorRun = awaitFirstSuccessfulGeneratorRun();
      triggerEtl(generatorRun);
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the ETL schedule still runs at its interval: only the early start is lost
      LOG.warn("could not trigger the first ETL after the first generator run: {}", e.toString());
    }
  }

  private String awaitFirstSuccessfulGeneratorRun() throws InterruptedException {
    Set<String> tried = new HashSet<>();
    while (true) {
      ScheduleView g = scheduler.describe(ScheduleKinds.GENERATOR).orElse(null);
      if (g != null) {
        for (RunRecord r : g.recentRuns()) {
          if (r.workflowId() == null || RunRecord.SKIPPED.equals(r.status()) || !tried.add(r.workflowId())) continue;
          if (succeeded(r.workflowId())) return r.workflowId();
        }
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Waits for the run to end; true if it completed. */
  private boolean succeeded(String workflowId) throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) throw new InterruptedException();
      try {
        client.newUntypedWorkflowStub(workflowId).getResult(5, TimeUnit.SECONDS, Object.class);
        return true;
      } catch (TimeoutException stillRunning) {
        // look again: the loop notices a stop between waits
      } catch (WorkflowException failed) {
        LOG.info("run {} did not complete ({})", workflowId, failed.getClass().getSimpleName());
        return false;
      }
    }
  }

  private void triggerEtl(String generatorRun) throws InterruptedException {
    for (int attempt = 1; attempt <= 2; attempt++) {
      ScheduleView etl = scheduler.describe(ScheduleKinds.ETL).orElse(null);
      if (etl == null || etl.paused()) {
        LOG.info("ETL schedule {}: not triggering the first ETL", etl == null ? "absent" : "paused");
        return;
      }
      TriggerOutcome o = scheduler.trigger(ScheduleKinds.ETL, NOTE);
      if (o.started()) {
        LOG.info("generator run {} completed: started ETL run {} now instead of at the next interval",
            generatorRun, o.workflowId());
        return;
      }
      if (o.workflowId() == null) return;
      succeeded(o.workflowId()); // an ETL in flight: once it ends, trigger one that sees the generator's records
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
