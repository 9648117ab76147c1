package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.embedded.EmbeddedStack;
import dev.poslake.ops.history.RunHistory;
import dev.poslake.worker.PosProcesses.Child;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance, with real processes: one `pos up` (embedded stack, schedules paused) and two
 * `pos worker` JVMs attached to it. An ETL run's bronze ranges are spread over the processes (each may run
 * only {@value #SLOTS} activities at once, fewer than the topic's 8 partitions), `pos ops history` names the
 * workers, `pos verify` exits 0, and every process exits 0 on SIGTERM. The variant that sends SIGTERM to a worker
 * while it runs a bronze range (it must finish that range, and the run must complete) is disabled: it hangs.
 */
class MultiWorkerProcessTest {
  private static final int SLOTS = 2;
  private static final String BRONZE_INGEST = "BronzeIngest";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the processes' logs
  Path tmp;
  private PosProcesses pos;

  @AfterEach
  void killChildren() {
    if (pos != null) pos.close();
  }

  @Test
  void bronzeIsSpreadOverWorkerProcessesAndAWorkerStoppedMidRunFinishesItsRange() throws Exception {
    run(true);
  }

  /** @param sigtermMidRun SIGTERM a worker while it runs a bronze range (else all processes after the run) */
  private void run(boolean sigtermMidRun) throws Exception {
    String dir = tmp.resolve("data").toString();
    pos = new PosProcesses(tmp, Map.of(PosSettings.WORKER_MAX_CONCURRENT_ACTIVITIES.envVar(), String.valueOf(SLOTS),
        PosSettings.OPS_PORT.envVar(), "0"));
    // paused: nothing runs before both workers poll; the first generator run then covers one interval × speed
    // of simulated time, 60 min × 18,000 transactions/h × 2 stores: bronze ranges of seconds each
    Child up = pos.start("up", "up", "--data-dir", dir, "--paused", "--generator-interval", "PT6M", "--speed", "10",
        "--tx-per-hour", "18000");
    up.awaitOutput("up: data dir", 180);
    Child w1 = pos.start("worker-1", "worker", "--data-dir", dir, "--shutdown-grace", "PT120S");
    Child w2 = pos.start("worker-2", "worker", "--data-dir", dir, "--shutdown-grace", "PT120S");
    w1.awaitOutput("polling task queue", 180);
    w2.awaitOutput("polling task queue", 180);

    InFlight target = null;
    try (EmbeddedStack stack = EmbeddedStack.attachIfRunning(tmp.resolve("data")).orElseThrow();
         TemporalConnection temporal = TemporalConnection.connect(
             PosConfig.of(Map.of(PosSettings.DATA_DIR.key(), dir)).with(stack.settings()))) {
      RunHistory.Run generated = awaitClosed(temporal, trigger(dir, "generator"), 240);
      assertEquals("COMPLETED", generated.status(), generated + "\n" + pos.tails(40));

      String etl = trigger(dir, "etl");
      Instant sigterm = null;
      if (sigtermMidRun) {
        target = awaitBronzeOnAWorker(temporal, etl, List.of(w1, w2), 240);
        sigterm = Instant.now();
        stopCleanly(target.worker());
      }

      RunHistory.Run run = awaitClosed(temporal, etl, 300);
      assertEquals("COMPLETED", run.status(), run + "\n" + pos.tails(40));
      List<RunHistory.ActivityStep> bronze = run.activities().stream()
          .filter(a -> a.activityType().equals(BRONZE_INGEST)).toList();
      assertEquals(8, bronze.size(), "one bronze range per partition: " + bronze);
      bronze.forEach(a -> assertEquals("COMPLETED", a.status(), a.toString()));
      if (sigtermMidRun) {
        // the range in flight at SIGTERM was finished by the stopping worker itself, in its first attempt
        String inFlight = target.activityId();
        RunHistory.ActivityStep finished = bronze.stream().filter(a -> a.activityId().equals(inFlight))
            .findFirst().orElseThrow();
        assertTrue(finished.worker().startsWith(target.worker().identityPrefix()) && finished.attempts() == 1
            && finished.closedAt().isAfter(sigterm), "SIGTERM at " + sigterm + ", " + finished + "\n" + pos.tails(40));
      }
      Set<String> workers = new TreeSet<>();
      bronze.forEach(a -> workers.add(a.worker()));
      assertTrue(workers.size() >= 2, "bronze ranges ran on " + workers);

      // what an operator sees: `pos ops history` names the worker of each bronze range
      CliRunner.Result history = CliRunner.run("ops", "history", etl, "--data-dir", dir);
      assertEquals(0, history.code(), history.toString());
      workers.forEach(w -> assertTrue(history.out().contains(w), w + " not in\n" + history));

      CliRunner.Result verify = CliRunner.run("verify", "--data-dir", dir);
      assertEquals(0, verify.code(), verify + "\n" + pos.tails(20));
    }
    // the others stop cleanly on SIGTERM too
    List<Child> others = new java.util.ArrayList<>(List.of(w1, w2, up));
    if (target != null) others.remove(target.worker());
    others.forEach(c -> c.process().destroy()); // all at once: a worker's stop takes a while (PosRuntime)
    for (Child c : others) awaitCleanExit(c);
  }

  /** SIGTERM (Process.destroy on Linux, once: a second one stops it at once): it finishes its work, exits 0. */
  private void stopCleanly(Child c) throws InterruptedException {
    c.process().destroy();
    awaitCleanExit(c);
  }

  private void awaitCleanExit(Child c) throws InterruptedException {
    assertTrue(c.process().waitFor(180, TimeUnit.SECONDS), c.name() + " did not stop after SIGTERM\n" + pos.tails(40));
    assertEquals(0, c.process().exitValue(), pos.tails(40));
    assertTrue(c.output().contains("stopp"), c.tail(40));
  }

  /** A bronze range started on one of the worker processes and not finished yet. */
  private record InFlight(Child worker, String activityId) {}

  /** Starts a run with `pos ops trigger KIND` (in this JVM: it only starts the run); returns its workflow id. */
  private static String trigger(String dir, String kind) {
    CliRunner.Result r = CliRunner.run("ops", "trigger", kind, "--data-dir", dir);
    assertEquals(0, r.code(), r.toString());
    Matcher m = Pattern.compile("started (pos-" + kind + "-\\S+)").matcher(r.out());
    assertTrue(m.find(), r.toString());
    return m.group(1);
  }

  /**
   * Waits for a bronze range that one of {@code workers} is executing: started there and heartbeating (a task
   * only matched to a worker's poll may never reach it when the worker stops: the embedded test server has no
   * graceful poll shutdown, and Temporal redoes such a task after its heartbeat timeout). Of those, the one
   * started last, which has the most left to do.
   */
  private InFlight awaitBronzeOnAWorker(TemporalConnection temporal, String workflowId, List<Child> workers,
      long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      var describe = temporal.stubs().blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder().setNamespace(temporal.client().getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
      Optional<InFlight> found = describe.getPendingActivitiesList().stream()
          .filter(p -> p.getActivityType().getName().equals(BRONZE_INGEST)
              && p.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED && p.hasHeartbeatDetails())
          .sorted(Comparator.comparingLong((PendingActivityInfo p) -> p.getLastStartedTime().getSeconds() * 1_000_000_000L
              + p.getLastStartedTime().getNanos()).reversed())
          .flatMap(p -> workers.stream().filter(w -> p.getLastWorkerIdentity().startsWith(w.identityPrefix()))
              .map(w -> new InFlight(w, p.getActivityId())))
          .findFirst();
      if (found.isPresent()) return found.get();
      boolean closed = describe.getWorkflowExecutionInfo().hasCloseTime();
      if (closed || System.nanoTime() > deadline) {
        throw new AssertionError("no bronze range in flight on a worker process (" + (closed ? "run closed" : "timeout")
            + "): " + RunHistory.fetch(temporal.client(), workflowId, null) + "\n" + pos.tails(40));
      }
      Thread.sleep(100);
    }
  }

  /** The last {@code n} events of the run's Temporal history (type, worker, time), for assertion messages. */
  private static String lastEvents(TemporalConnection temporal, String workflowId, int n) {
    List<HistoryEvent> events = temporal.client().fetchHistory(workflowId).getEvents();
    StringBuilder b = new StringBuilder("last events:\n");
    for (HistoryEvent e : events.subList(Math.max(0, events.size() - n), events.size())) {
      String identity = e.hasWorkflowTaskStartedEventAttributes() ? e.getWorkflowTaskStartedEventAttributes().getIdentity()
          : e.hasActivityTaskStartedEventAttributes() ? e.getActivityTaskStartedEventAttributes().getIdentity() : "";
      b.append(e.getEventId()).append(' ').append(e.getEventType()).append(' ').append(identity).append(' ')
          .append(Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos())).append('\n');
    }
    return b.toString();
  }

  private RunHistory.Run awaitClosed(TemporalConnection temporal, String workflowId, long timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      RunHistory.Run run = RunHistory.fetch(temporal.client(), workflowId, null);
      if (!run.status().equals("RUNNING")) return run;
      if (System.nanoTime() > deadline) {
        throw new AssertionError(workflowId + " still running after " + timeoutSeconds + " s: " + run + "\n"
            + lastEvents(temporal, workflowId, 20) + pos.tails(40));
      }
      Thread.sleep(500);
    }
  }
}
