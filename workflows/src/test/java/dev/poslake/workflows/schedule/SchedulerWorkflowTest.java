package dev.poslake.workflows.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.schedule.ScheduleStateActivitiesImpl;
import dev.poslake.activities.schedule.ScheduleStateRecord;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.testing.EmbeddedS3Only;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.services.s3.S3Client;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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

  private static EmbeddedS3Only s3;
  private static ObjectStore objects;
  private static ScheduleStateStore savedStates;
  private static final AtomicInteger SCHEDULES = new AtomicInteger();

  private TestWorkflowEnvironment env;
  private SchedulerWorkflow scheduler;
  private String schedulerId;

  @BeforeAll
  static void startObjectStore() throws Exception {
    s3 = EmbeddedS3Only.start();
    objects = ObjectStore.open(s3.config());
    savedStates = new ScheduleStateStore(objects);
  }

  @AfterAll
  static void stopObjectStore() throws Exception {
    objects.close();
    s3.close();
  }

  @BeforeEach
  void start() {
    SlowRunImpl.minutes = 1;
    env = TestWorkflowEnvironment.newInstance();
    Worker w = env.newWorker(QUEUE);
    w.registerWorkflowImplementationTypes(SchedulerWorkflowImpl.class, SlowRunImpl.class, HangingRunImpl.class);
    w.registerActivitiesImplementations(new ScheduleStateActivitiesImpl(savedStates));
    env.start();
    // saved states outlive a test (one object store for all): every test gets its own schedule id
    schedulerId = "pos-test-" + SCHEDULES.incrementAndGet();
    scheduler = startScheduler(schedulerId, "SlowRun", RUN_TIMEOUT);
  }

  private SchedulerWorkflow startScheduler(String id, String workflowType, Duration runTimeout) {
    return startScheduler(id, workflowType, runTimeout, false);
  }

  private SchedulerWorkflow startScheduler(String id, String workflowType, Duration runTimeout, boolean paused) {
    SchedulerWorkflow s = env.getWorkflowClient().newWorkflowStub(SchedulerWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    WorkflowClient.start(s::run, new ScheduleSpec(id, workflowType, INTERVAL, runTimeout, QUEUE, paused,
        paused ? "created paused" : null, java.util.Map.of("k", "v")), null);
    return s;
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private long completed() {
    return scheduler.describe().recentRuns().stream().filter(r -> RunRecord.COMPLETED.equals(r.status())).count();
  }

  /**
   * An update that reaches the workflow in its first task runs before the workflow method: the state is set up
   * before any handler (found in CI as a resume, sent right after `ensure` started the schedule, answering without
   * a spec; had it not failed, the method would then have paused the schedule again).
   */
  @Test
  void handlersRightAfterTheStartSeeTheSchedule() {
    String id = schedulerId + "-early";
    SchedulerWorkflow s = env.getWorkflowClient().newWorkflowStub(SchedulerWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL).build());
    ScheduleSpec spec = new ScheduleSpec(id, "SlowRun", INTERVAL, RUN_TIMEOUT, QUEUE, true, "created paused",
        java.util.Map.of());
    // the resume goes in the workflow's first task, with its start
    ScheduleState resumed = WorkflowClient.executeUpdateWithStart(s::resume, "go", "carol",
        UpdateOptions.<ScheduleState>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(s::run, spec, null));
    assertEquals(id, resumed.spec().scheduleId());
    assertFalse(resumed.paused(), "an acknowledged resume holds");
    assertFalse(s.describe().paused(), "an acknowledged resume holds");
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
    ScheduleState paused = scheduler.pause("store migration", "alice@laptop");
    assertTrue(paused.paused());
    assertEquals("store migration", paused.note());
    assertEquals("alice@laptop", paused.changedBy());
    env.sleep(INTERVAL.multipliedBy(2).plusMinutes(1));
    assertEquals(1, scheduler.describe().started(), "no run for two intervals while paused");
    scheduler.resume("done", "bob@desk");
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
    SchedulerWorkflow hanging = startScheduler(schedulerId + "-hang", "HangingRun", Duration.ofMinutes(7));
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
    SchedulerWorkflow s = startScheduler(schedulerId + "-dup", "SlowRun", RUN_TIMEOUT);
    env.sleep(Duration.ofMinutes(2));
    long secondSlot = s.describe().lastRun().scheduledAt() + INTERVAL.toMillis();
    // a workflow already running with the id the scheduler gives its second run makes that start fail (the
    // timer may fire a moment after the slot, so the next second's id is taken too)
    for (long at : new long[] {secondSlot, secondSlot + 1000}) {
      WorkflowStub blocker = env.getWorkflowClient().newUntypedWorkflowStub("HangingRun",
          WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
              .setWorkflowId(SchedulerWorkflowImpl.runId(schedulerId + "-dup", at, 2)).build());
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
    WorkflowReplayer.replayWorkflowExecution(env.getWorkflowClient().fetchHistory(schedulerId + "-dup"),
        SchedulerWorkflowImpl.class);
  }

  @Test
  void pauseAndResumeAreSavedWithNoteWhoAndWhenBeforeTheyAnswer() {
    env.sleep(Duration.ofMinutes(2));
    assertTrue(savedStates.load(schedulerId).isEmpty(), "nothing to save before a user changes the state");
    long before = env.currentTimeMillis();
    ScheduleState paused = scheduler.pause("keep paused", "alice@laptop");
    ScheduleStateRecord saved = savedStates.load(schedulerId).orElseThrow();
    assertEquals(new ScheduleStateRecord(schedulerId, true, "keep paused", "alice@laptop", paused.changedAt(), 1),
        saved);
    assertTrue(paused.changedAt() >= before && paused.changedAt() <= env.currentTimeMillis(),
        "the workflow clock when it was paused");
    env.sleep(Duration.ofMinutes(1));
    scheduler.resume("migration done", "bob@desk");
    ScheduleStateRecord resumed = savedStates.load(schedulerId).orElseThrow();
    assertFalse(resumed.paused());
    assertEquals("migration done", resumed.note());
    assertEquals("bob@desk", resumed.by());
    assertEquals(2, resumed.revision());
    assertTrue(resumed.atMillis() > saved.atMillis());
  }

  @Test
  void aScheduleCreatedPausedSavesThat() {
    String id = schedulerId + "-paused";
    SchedulerWorkflow created = startScheduler(id, "SlowRun", RUN_TIMEOUT, true);
    env.sleep(INTERVAL.multipliedBy(2));
    assertEquals(0, created.describe().started());
    ScheduleStateRecord saved = savedStates.load(id).orElseThrow();
    assertTrue(saved.paused());
    assertEquals("created paused", saved.note());
  }

  @Test
  void aPauseThatCannotBeSavedHoldsAndSaysSoAndAResumeStillWakesTheSchedule() {
    // a second server whose worker saves through an S3 client that is closed: every save fails
    try (TestWorkflowEnvironment broken = TestWorkflowEnvironment.newInstance()) {
      S3Client closed = ObjectStore.client(s3.config());
      closed.close();
      Worker w = broken.newWorker(QUEUE);
      w.registerWorkflowImplementationTypes(SchedulerWorkflowImpl.class, SlowRunImpl.class);
      w.registerActivitiesImplementations(new ScheduleStateActivitiesImpl(
          new ScheduleStateStore(new ObjectStore(closed, objects.bucket()))));
      broken.start();
      SchedulerWorkflow s = broken.getWorkflowClient().newWorkflowStub(SchedulerWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(schedulerId).setTaskQueue(QUEUE).build());
      WorkflowClient.start(s::run, new ScheduleSpec(schedulerId, "SlowRun", INTERVAL, RUN_TIMEOUT, QUEUE, false,
          null, java.util.Map.of("k", "v")), null);
      broken.sleep(Duration.ofMinutes(2));

      // the save retries for a minute of workflow time: skip it while the update waits
      WorkflowUpdateHandle<ScheduleState> pause = WorkflowStub.fromTyped(s).startUpdate("pause",
          WorkflowUpdateStage.ACCEPTED, ScheduleState.class, "keep paused", "alice@laptop");
      broken.sleep(Duration.ofMinutes(2));
      ExecutionException notSaved = assertThrows(ExecutionException.class, () -> pause.getResultAsync().get());
      String message = String.valueOf(rootCause(notSaved).getMessage());
      assertTrue(message.contains("paused, but the state could not be saved"), message);
      assertTrue(s.describe().paused(), "the pause holds until a restart");
      assertEquals(1, s.describe().started());

      WorkflowUpdateHandle<ScheduleState> resume = WorkflowStub.fromTyped(s).startUpdate("resume",
          WorkflowUpdateStage.ACCEPTED, ScheduleState.class, "go", "bob@desk");
      broken.sleep(Duration.ofMinutes(2));
      assertThrows(ExecutionException.class, () -> resume.getResultAsync().get());
      broken.sleep(INTERVAL); // 11 minutes
      assertEquals(3, s.describe().started(), "the resume holds too, and the loop saw it: runs at 5 and 10 min");
    }
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      if (c instanceof io.temporal.failure.ApplicationFailure) return c;
      c = c.getCause();
    }
    return c;
  }
}
