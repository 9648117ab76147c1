package dev.poslake.worker.etl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.generator.GeneratorOptions;
import dev.poslake.workflows.generator.GeneratorWorkflow;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.workflows.schedule.RunTrigger;
import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.workflows.schedule.SchedulerWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the histories that {@code WorkflowReplayTest} replays against the current workflow code: a generator
 * run, an ETL run and a scheduler that started, paused, triggered and resumed, all on the real embedded stack
 * with the production activities. Run it (and commit the files it writes) when a workflow version is released:
 * {@code ./mvnw -B test -pl worker -am -Dpos.test.groups=record-histories -Dpos.test.excludedGroups=faults-long
 * -Dtest=RecordWorkflowHistories -Dsurefire.failIfNoSpecifiedTests=false -Dhistories.version=v2} (the tag is
 * excluded by default, hence the second setting). Files go to
 * {@code workflows/src/test/resources/histories/<workflow>-<version>.json}; never edit or delete a released one.
 */
@Tag("record-histories")
@ExtendWith(PosStackExtension.class)
class RecordWorkflowHistories {
  private static final Path OUT = Path.of(System.getProperty("histories.dir",
      "../workflows/src/test/resources/histories"));
  private static final String VERSION = System.getProperty("histories.version", "v1");

  @Test
  void record(PosConfig stack) throws Exception {
    Files.createDirectories(OUT);
    try (Lane lane = Lane.open(stack, "history", 200, 1, Map.of(), dev.poslake.worker.PipelineWorker::register)) {
      WorkflowClient client = lane.client();
      GeneratorWorkflow generator = lane.workflow(GeneratorWorkflow.class, "pos-generator-manual");
      generator.run(RunTrigger.manual("history recording"),
          GeneratorOptions.from(lane.config, System.currentTimeMillis()).withSimMinutes(60));
      save(client, workflowId(generator), "generator");

      EtlWorkflow etl = lane.workflow(EtlWorkflow.class, "pos-etl-manual");
      etl.run(RunTrigger.manual("history recording"), EtlOptions.from(lane.config));
      save(client, workflowId(etl), "etl");

      // a scheduler that starts a run at once, is paused with a note, triggered while paused, and resumed
      @SuppressWarnings("unchecked")
      Map<String, Object> options = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
          GeneratorOptions.from(lane.config, System.currentTimeMillis()).withSimMinutes(5), Map.class);
      ScheduleSpec spec = new ScheduleSpec("pos-generator-" + lane.name, GeneratorWorkflow.TYPE,
          Duration.ofHours(1), Duration.ofMinutes(30), lane.taskQueue, false, "POS traffic simulator", options);
      SchedulerWorkflow scheduler = client.newWorkflowStub(SchedulerWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(spec.scheduleId()).setTaskQueue(lane.taskQueue).build());
      WorkflowClient.start(scheduler::run, spec, null);
      awaitNoneRunning(scheduler, 1);
      scheduler.pause("keep paused", "history@recorder");
      scheduler.trigger("one run while paused");
      awaitNoneRunning(scheduler, 2);
      scheduler.resume("done", "history@recorder");
      assertTrue(scheduler.describe().started() >= 2);
      save(client, spec.scheduleId(), "scheduler");
    }
  }

  /** The workflow id a typed stub was started with. */
  private static String workflowId(Object typedStub) {
    return WorkflowStub.fromTyped(typedStub).getExecution().getWorkflowId();
  }

  private static void awaitNoneRunning(SchedulerWorkflow scheduler, long started) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      var s = scheduler.describe();
      if (s.started() >= started && s.recentRuns().stream().noneMatch(r -> RunRecord.RUNNING.equals(r.status()))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("scheduler runs did not finish");
  }

  private static void save(WorkflowClient client, String workflowId, String name) throws Exception {
    String json = client.fetchHistory(workflowId).toJson(true);
    Path file = OUT.resolve(name + "-" + VERSION + ".json");
    Files.writeString(file, json);
    System.out.println("recorded " + file.toAbsolutePath() + " (" + json.length() + " chars)");
  }
}
