package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.schedules.DurableSchedulerBackend;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.PipelineSchedulers;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.schedule.ScheduleSpec;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue: "pause generator --note, restart `pos up`: both schedules active, the note gone". On the real embedded
 * stack: `pos up --paused` creates the ETL schedule, `pos ops pause etl --note ...` pauses it, the scheduler
 * workflow is terminated (what a restart of the test server does to it), and `pos up`'s ensure without --paused
 * brings it back paused, with the note and who paused it, before anything runs.
 */
@ExtendWith(PosStackExtension.class)
class ScheduleStateRestartIntegrationTest {
  static final Duration INTERVAL = Duration.ofSeconds(2);

  @Test
  void aPauseFromTheCliSurvivesTheLossOfTheSchedulerWorkflow(PosStackExtension.Running stack) throws Exception {
    var config = stack.config().with(Map.of(PosSettings.ETL_INTERVAL.key(), INTERVAL.toString()));
    String dataDir = stack.dataDir().toString();
    try (PipelineResources resources = PipelineResources.open(config);
         TemporalConnection temporal = TemporalConnection.connect(config)) {
      PosTables.ensureAll(resources.catalog(), resources.namespace());
      WorkerFactory workers = WorkerFactory.newInstance(temporal.client(),
          WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
      try {
        PipelineWorker.register(workers, config.get(PosSettings.TEMPORAL_TASK_QUEUE), resources);
        workers.start();
        PipelineScheduler scheduler = PipelineSchedulers.detect(temporal.stubs(), temporal.client(),
            new ScheduleStateStore(resources.objectStore()));
        assertInstanceOf(DurableSchedulerBackend.class, scheduler);
        ScheduleSpec pausedEtl = PipelineSchedules.all(config, true).get(1);
        scheduler.ensure(List.of(pausedEtl));

        CliRunner.Result pause = CliRunner.run("ops", "pause", "etl", "--note", "keep paused", "--data-dir", dataDir);
        assertEquals(0, pause.code(), pause.toString());
        String user = System.getProperty("user.name") + "@";
        assertTrue(String.join("\n", pause.outLines()).contains("by " + user), pause.toString());

        // the restart: the test server forgets every workflow (here: the scheduler is terminated)
        temporal.client().newUntypedWorkflowStub(ScheduleKinds.ETL_SCHEDULE_ID).terminate("simulated restart");
        List<String> log = scheduler.ensure(List.of(PipelineSchedules.etl(config))); // `pos up` without --paused
        assertTrue(log.get(0).contains("PAUSED"), log.toString());

        CliRunner.Result status = CliRunner.run("ops", "status", "--data-dir", dataDir);
        assertEquals(0, status.code(), status.toString());
        String out = String.join("\n", status.outLines());
        assertTrue(out.contains("PAUSED  note: keep paused"), out);
        assertTrue(out.matches("(?s).*paused \\d{4}-\\d{2}-\\d{2}T\\S+ by " + java.util.regex.Pattern.quote(user)
            + ".*"), out);
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
        ScheduleView after = scheduler.describe(ScheduleKinds.ETL).orElseThrow();
        assertTrue(after.paused(), after.toString());
        assertEquals(0, after.started(), "a run started although the schedule was paused: " + after);
      } finally {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }
}
