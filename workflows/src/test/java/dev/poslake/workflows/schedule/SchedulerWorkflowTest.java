package dev.poslake.workflows.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The durable scheduler on Temporal's time-skipping test environment. */
class SchedulerWorkflowTest {
  static final String QUEUE = "sched-test";
  static final Duration INTERVAL = Duration.ofMinutes(5);
  static final Duration RUN_TIMEOUT = Duration.ofHours(1);

  /** A scheduled run that takes as long as its note says (minutes), default 1. */
  @WorkflowInterface
  public interface SlowRun {
    @WorkflowMethod(name = "SlowRun")
    String run(RunTrigger trigger, java.util.Map<String, Object> options);
  }

  public static class SlowRunImpl implements SlowRun {
    static volatile long minutes = 1;

    @Override
    public String run(RunTrigger trigger, java.util.Map<String, Object> options) {
      if (!"v".equals(options.get("k"))) throw new IllegalArgumentException("options not passed through");
      Workflow.sleep(Duration.ofMinutes(minutes));
      return "ok";
    }
  }

  /** A scheduled run that never ends by itself: only its execution timeout stops it. */
  @WorkflowInterface
  public interface HangingRun {
    @WorkflowMethod(name = "HangingRun")
    String run(RunTrigger trigger, java.util.Map<String, Object> options);
  }

  public static class HangingRunImpl implements HangingRun {
    @Override
    public String run(RunTrigger trigger, java.util.Map<String, Object> options) {
      Workflow.await(() -> false);
      return "never";
    }
  }

  private TestWorkflowEnvironment env;
  private SchedulerWorkflow scheduler;

  @BeforeEach
  void start() {
    SlowRunImpl.minutes = 1;
    env = TestWorkflowEnvironment.newInstance();
    Worker w = env.newWorker(QUEUE);
    w.registerWorkflowImplementationTypes(SchedulerWorkflowImpl.class, SlowRunImpl.class, HangingRunImpl.class);
    env.start();
    scheduler = startScheduler("pos-test", "SlowRun", RUN_TIMEOUT);
  }

  private SchedulerWorkflow startScheduler(String id, String workflowType, Duration runTimeout) {
    SchedulerWorkflow s = env.getWorkflowClient().newWorkflowStub(SchedulerWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    WorkflowClient.start(s::run, new ScheduleSpec(id, workflowType, INTERVAL, runTimeout, QUEUE, false, null,
        java.util.Map.of("k", "v")), null);
    return s;
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private long completed() {
    return scheduler.describe().recentRuns().stream().filter(r -> RunRecord.COMPLETED.equals(r.status())).count();
  }

  @Test
  void startsOneRunPerInterval() {
    env.sleep(INTERVAL.multipliedBy(3).plusMinutes(2));
    ScheduleState s = scheduler.describe();
    assertEquals(4, s.started(), "runs at 0, 5, 10 and 15 minutes");
    assertEquals(4, completed());
    assertEquals(0, s.skipped());
  }

  @Test
  void pausedScheduleStartsNothingUntilResumed() {
    env.sleep(Duration.ofMinutes(2));
    assertEquals(1, scheduler.describe().started());
    ScheduleState paused = scheduler.pause("store migration");
    assertTrue(paused.paused());
    assertEquals("store migration", paused.note());
    env.sleep(INTERVAL.multipliedBy(2).plusMinutes(1));
    assertEquals(1, scheduler.describe().started(), "no run for two intervals while paused");
    scheduler.resume("done");
    env.sleep(INTERVAL.plusMinutes(1));
    ScheduleState resumed = scheduler.describe();
    assertFalse(resumed.paused());
    assertEquals(2, resumed.started(), "runs start again after resume");
  }

  @Test
  void triggerStartsAtOnceAndIsSkippedWhileARunIsInFlight() {
    SlowRunImpl.minutes = 3;
    env.sleep(Duration.ofMinutes(1)); // the first scheduled run is in flight
    TriggerResult skipped = scheduler.trigger("promo");
    assertFalse(skipped.started());
    assertTrue(skipped.message().startsWith("skipped"), skipped.message());
    env.sleep(Duration.ofMinutes(3)); // first run done, next slot at 5 min not yet
    TriggerResult started = scheduler.trigger("promo");
    assertTrue(started.started(), started.message());
    ScheduleState s = scheduler.describe();
    assertEquals(2, s.started());
    assertEquals(1, s.skipped());
    assertEquals(RunTrigger.TRIGGERED, s.lastRun().reason());
  }

  @Test
  void scheduledStartsOverlappingALongRunAreSkippedNotQueued() {
    SlowRunImpl.minutes = 12; // longer than two intervals
    env.sleep(Duration.ofMinutes(13));
    ScheduleState s = scheduler.describe();
    assertEquals(1, s.started());
    assertEquals(2, s.skipped(), "the 5 and 10 minute slots");
    env.sleep(Duration.ofMinutes(3)); // 15 minute slot: previous run finished at 12
    assertEquals(2, scheduler.describe().started());
  }

  @Test
  void aRunThatHangsIsTimedOutAndTheNextSlotStartsANewRun() {
    SchedulerWorkflow hanging = startScheduler("pos-hang", "HangingRun", Duration.ofMinutes(7));
    env.sleep(Duration.ofMinutes(6));
    ScheduleState s = hanging.describe();
    assertEquals(1, s.started());
    assertEquals(1, s.skipped(), "the 5 minute slot: the first run is still going");
    env.sleep(Duration.ofMinutes(5)); // the first run times out at 7 minutes, the 10 minute slot starts the next
    s = hanging.describe();
    RunRecord first = s.recentRuns().stream().filter(r -> r.workflowId() != null).findFirst().orElseThrow();
    assertEquals(RunRecord.FAILED, first.status(), first.toString());
    assertEquals("timed out after PT7M", first.message());
    assertEquals(2, s.started(), "the schedule went on after the timeout: " + s);
    assertEquals(RunRecord.RUNNING, s.lastRun().status());
  }

  @Test
  void aRunThatCannotStartIsRecordedFailedAndTheScheduleGoesOn() throws Exception {
    SchedulerWorkflow s = startScheduler("pos-dup", "SlowRun", RUN_TIMEOUT);
    env.sleep(Duration.ofMinutes(2));
    long secondSlot = s.describe().lastRun().scheduledAt() + INTERVAL.toMillis();
    // a workflow already running with the id the scheduler gives its second run makes that start fail (the
    // timer may fire a moment after the slot, so the next second's id is taken too)
    for (long at : new long[] {secondSlot, secondSlot + 1000}) {
      WorkflowStub blocker = env.getWorkflowClient().newUntypedWorkflowStub("HangingRun",
          WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
              .setWorkflowId(SchedulerWorkflowImpl.runId("pos-dup", at, 2)).build());
      blocker.start(RunTrigger.manual("blocker"), java.util.Map.of());
    }
    env.sleep(INTERVAL); // 7 minutes: the 5 minute start failed
    assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        WorkflowStub.fromTyped(s).describe().getStatus(), "the scheduler itself must not fail");
    ScheduleState afterFailure = s.describe();
    RunRecord failed = afterFailure.lastRun();
    assertEquals(RunRecord.FAILED, failed.status(), afterFailure.toString());
    assertTrue(failed.message().startsWith("could not start: "), failed.message());
    assertEquals(secondSlot, failed.scheduledAt());
    env.sleep(INTERVAL); // 12 minutes: the scheduler kept going and the 10 minute slot ran
    ScheduleState later = s.describe();
    assertEquals(3, later.started(), later.toString());
    assertEquals(RunRecord.COMPLETED, later.lastRun().status(), later.toString());
    // the new code path (behind its version marker) replays deterministically
    WorkflowReplayer.replayWorkflowExecution(env.getWorkflowClient().fetchHistory("pos-dup"),
        SchedulerWorkflowImpl.class);
  }
}
