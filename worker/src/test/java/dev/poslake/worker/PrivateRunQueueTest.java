package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `pos etl --once` without a `pos up` schedule runs its workflow itself: on a task queue of its own, so that
 * another process's worker polling the pipeline's queue (here: one in this JVM with its own identity) runs none
 * of its tasks. The Temporal history of the run says which queue and which workers.
 */
@ExtendWith(PosStackExtension.class)
class PrivateRunQueueTest {
  private static final String FOREIGN = "foreign-worker@elsewhere";

  @Test
  void aShortLivedCommandRunsItsWorkflowOnlyOnItsOwnWorker(PosStackExtension.Running stack) throws Exception {
    String queue = stack.config().get(PosSettings.TEMPORAL_TASK_QUEUE);
    try (PipelineResources resources = PipelineResources.open(stack.config());
         TemporalConnection temporal = TemporalConnection.connect(stack.config())) {
      PosTables.ensureAll(resources.catalog(), resources.namespace());
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded(0);
      reference.refresh();

      // another process's worker on the pipeline's queue, with everything registered
      WorkflowClient foreignClient = WorkflowClient.newInstance(temporal.stubs(),
          WorkflowClientOptions.newBuilder(temporal.client().getOptions()).setIdentity(FOREIGN).build());
      WorkerFactory foreign = WorkerFactory.newInstance(foreignClient,
          WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
      PipelineWorker.register(foreign, queue, resources);
      foreign.start();
      try {
        CliRunner.Result r = CliRunner.run("etl", "--once", "--data-dir", stack.dataDir().toString());
        assertEquals(0, r.code(), r.toString());
        Matcher id = Pattern.compile("\"workflowId\"\\s*:\\s*\"([^\"]+)\"").matcher(r.out());
        assertTrue(id.find(), "the run summary names its workflow\n" + r);
        String workflowId = id.group(1);

        List<HistoryEvent> events = temporal.client().fetchHistory(workflowId).getEvents();
        String runQueue = events.get(0).getWorkflowExecutionStartedEventAttributes().getTaskQueue().getName();
        assertNotEquals(queue, runQueue, "the run must not be on the shared queue");
        assertTrue(runQueue.startsWith(queue + "-"), runQueue);
        Set<String> workers = new TreeSet<>();
        for (HistoryEvent e : events) {
          if (e.hasWorkflowTaskStartedEventAttributes()) workers.add(e.getWorkflowTaskStartedEventAttributes().getIdentity());
          if (e.hasActivityTaskStartedEventAttributes()) workers.add(e.getActivityTaskStartedEventAttributes().getIdentity());
          if (e.hasActivityTaskScheduledEventAttributes()) {
            assertEquals(runQueue, e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName(), e.toString());
          }
        }
        String me = java.lang.management.ManagementFactory.getRuntimeMXBean().getName(); // the command's pid@host
        assertEquals(Set.of(me), workers, "every task of the run on the command's own worker");
      } finally {
        foreign.shutdownNow();
      }
    }
  }
}
