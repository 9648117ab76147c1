package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.cli.WorkerCommand;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlRunSummary;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.etl.EtlWorkflowImpl;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * `pos worker` attaches to the stack of a running `pos up` on the data dir (here: the test's stack), serves
 * /health while polling and /metrics (Temporal SDK metrics), runs the pipeline's work (the run log names it), and stops cleanly; without a
 * running stack and without endpoints it fails with one clear line.
 */
@ExtendWith(PosStackExtension.class)
class WorkerCommandTest {

  @Test
  void withoutARunningStackItSaysWhatToDo() throws Exception {
    Path empty = Files.createTempDirectory("pos-worker-empty");
    CliRunner.Result r = CliRunner.run("worker", "--data-dir", empty.toString());
    assertEquals(1, r.code(), r.toString());
    assertEquals(1, r.errorLines().size(), r.toString());
    assertTrue(r.errorLines().get(0).contains("no running `pos up` on data dir")
        && r.errorLines().get(0).contains("TEMPORAL_ADDRESS"), r.toString());
  }

  @Test
  void attachesServesHealthRunsWorkAndStops(PosStackExtension.Running stack) throws Exception {
    try (PipelineResources resources = PipelineResources.open(stack.config());
         TemporalConnection temporal = TemporalConnection.connect(stack.config())) {
      PosTables.ensureAll(resources.catalog(), resources.namespace());
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded(0);
      reference.refresh();

      WorkerCommand command = new WorkerCommand();
      ExecutorService thread = Executors.newSingleThreadExecutor();
      Future<Integer> exit = thread.submit(() -> new CommandLine(command).execute(
          "--data-dir", stack.dataDir().toString(), "--health-port", "0", "--shutdown-grace", "PT20S"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (command.healthPort() < 0) {
        assertTrue(System.nanoTime() < deadline && !exit.isDone(), "worker did not start");
        Thread.sleep(50);
      }
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + command.healthPort() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals("ok", health.body().trim());

      // attached to this JVM's embedded Temporal, the command runs activities only (workflows stay with the
      // stack's owner, as with `pos up`): this test plays the owner with a workflow-only worker; every activity
      // of the ETL run is the command's, and the run log says so
      WorkerFactory owner = WorkerFactory.newInstance(temporal.client(),
          WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
      owner.newWorker(stack.config().get(PosSettings.TEMPORAL_TASK_QUEUE))
          .registerWorkflowImplementationTypes(EtlWorkflowImpl.class);
      owner.start();
      EtlWorkflow etl = temporal.client().newWorkflowStub(EtlWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId("pos-etl-worker-test").setTaskQueue(stack.config().get(PosSettings.TEMPORAL_TASK_QUEUE))
          .setWorkflowExecutionTimeout(Duration.ofMinutes(5)).build());
      EtlRunSummary summary = etl.run(RunTrigger.manual("test"), EtlOptions.from(stack.config()));
      assertEquals("pos-etl-worker-test", summary.workflowId());
      List<RunRow> rows = new RunLogQuery(resources.catalog(), resources.table(PipelineRunsTable.NAME))
          .run("pos-etl-worker-test");
      assertEquals(8, rows.size(), rows.toString());
      String me = ManagementFactory.getRuntimeMXBean().getName(); // Temporal's default identity: pid@host
      rows.forEach(r -> assertEquals(me, r.worker(), r.toString()));

      // /metrics on the same port: the Temporal SDK's worker metrics, e.g. of the activities it just ran
      // (the SDK reports into the registry every few seconds)
      String metrics = "";
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!metrics.contains("temporal_activity_execution_latency") && System.nanoTime() < deadline) {
        Thread.sleep(500);
        HttpResponse<String> m = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + command.healthPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, m.statusCode());
        metrics = m.body();
      }
      assertTrue(metrics.contains("temporal_activity_execution_latency"), metrics);
      assertTrue(metrics.contains("task_queue=\"" + stack.config().get(PosSettings.TEMPORAL_TASK_QUEUE) + "\""),
          metrics);

      owner.shutdownNow();
      command.requestStop();
      assertEquals(0, exit.get(120, TimeUnit.SECONDS)); // an attached worker lets its open polls end (<= 60 s)
      assertEquals(-1, command.healthPort());
      thread.shutdown();
    }
  }
}
