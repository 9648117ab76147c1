package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.ops.schedules.DurableSchedulerBackend;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generator schedule on the real embedded Temporal test server, as `pos up` registers it. The server must
 * run in real time: with time skipping it fired the scheduler's timers at once, i.e. run after run.
 */
@ExtendWith(PosStackExtension.class)
class SchedulerIntegrationTest {

  @Test
  void anHourlyScheduleRunsOnceAtStartThenWaitsInRealTime(PosConfig stack) throws Exception {
    PosConfig config = stack.with(Map.of(
        PosSettings.GENERATOR_INTERVAL.key(), "PT1H",
        PosSettings.GENERATOR_TX_PER_HOUR.key(), "60"));
    try (PipelineResources resources = PipelineResources.open(config);
         TemporalConnection temporal = TemporalConnection.connect(config)) {
      WorkerFactory workers = WorkerFactory.newInstance(temporal.client(),
          WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
      try {
        PipelineWorker.register(workers, config.get(PosSettings.TEMPORAL_TASK_QUEUE), resources);
        workers.start();
        WorkflowClient client = temporal.client();
        ScheduleSpec spec = PipelineSchedules.generator(config);
        long started = System.currentTimeMillis();
        DurableSchedulerBackend scheduler = new DurableSchedulerBackend(client,
            new ScheduleStateStore(resources.objectStore()));
        assertTrue(scheduler.ensureRunning(spec, null));
        assertFalse(scheduler.ensureRunning(spec, null), "a second ensureRunning attaches to the running one");

        // the run also writes the run log, whose first Iceberg write in a cold JVM takes ~15 s here (more on a loaded CI)
        ScheduleView state = awaitFirstRunFinished(scheduler, Duration.ofSeconds(180));
        Thread.sleep(Math.max(0, started + 5_000 - System.currentTimeMillis())); // time for wrongly fired timers
        state = scheduler.describe(ScheduleKinds.GENERATOR).orElseThrow();
        assertEquals(1, state.started(), "runs started in the first seconds of an hourly schedule: " + state);
        assertEquals(0, state.skipped(), state.toString());
        assertEquals(1, state.recentRuns().size(), state.toString());
        RunRecord run = state.lastRun();
        assertEquals(RunRecord.COMPLETED, run.status(), run.toString());
        // the workflow clock is the wall clock: the next run is due an hour after the first slot, not in the past.
        // The first slot is the scheduler's first workflow task, seconds after `started` at most; measured from
        // `started`, so a slow first run cannot fail it
        long afterStart = state.nextRunAt().toEpochMilli() - started;
        assertTrue(afterStart >= Duration.ofMinutes(60).toMillis()
            && afterStart <= Duration.ofMinutes(60).plusSeconds(60).toMillis(),
            "next run " + afterStart + " ms after the schedule was started");

        // `pos up`'s first run publishes transactions as well as the initial recount of every store
        GenerateResult first = client.newUntypedWorkflowStub(run.workflowId()).getResult(GenerateResult.class);
        assertEquals(2, first.recountFiles(), first.toString());
        assertTrue(first.transactions() > 0, "the first scheduled run published no transactions: " + first);
      } finally {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static ScheduleView awaitFirstRunFinished(DurableSchedulerBackend scheduler, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ScheduleView s = scheduler.describe(ScheduleKinds.GENERATOR).orElse(null);
      if (s != null && s.lastRun() != null && s.lastRun().finishedAt() != null) return s;
      if (System.nanoTime() > deadline) throw new AssertionError("first run not finished in " + timeout + ": " + s);
      Thread.sleep(200);
    }
  }
}
