package dev.poslake.ops.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.schedule.ScheduleStateActivitiesImpl;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.testing.EmbeddedS3Only;
import dev.poslake.workflows.schedule.RunTrigger;
import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.workflows.schedule.SchedulerWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The durable back-end across restarts of a Temporal server that keeps nothing: each "restart" is a new
 * time-skipping test environment (an empty server), the object store (the real embedded S3) is kept.
 */
class DurableSchedulerRestartTest {
  static final String QUEUE = "restart-test";
  static final Duration INTERVAL = Duration.ofMinutes(5);

  /** A scheduled run that ends at once. */
  @WorkflowInterface
  public interface QuickRun {
    @WorkflowMethod(name = "QuickRun")
    void run(RunTrigger trigger, Map<String, Object> options);
  }

  public static class QuickRunImpl implements QuickRun {
    @Override
    public void run(RunTrigger trigger, Map<String, Object> options) {}
  }

  private EmbeddedS3Only s3;
  private ObjectStore objects;
  private TestWorkflowEnvironment server;

  @BeforeEach
  void startObjectStore() throws Exception {
    s3 = EmbeddedS3Only.start();
    objects = ObjectStore.open(s3.config());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.close();
    objects.close();
    s3.close();
  }

  /** A new, empty Temporal server with a worker, and the back-end `pos up` would use on it. */
  private DurableSchedulerBackend startServer() {
    if (server != null) server.close(); // the restart: every workflow and its state are gone
    server = TestWorkflowEnvironment.newInstance();
    Worker worker = server.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(SchedulerWorkflowImpl.class, QuickRunImpl.class);
    worker.registerActivitiesImplementations(new ScheduleStateActivitiesImpl(new ScheduleStateStore(objects)));
    server.start();
    return new DurableSchedulerBackend(server.getWorkflowClient(), new ScheduleStateStore(objects));
  }

  private static ScheduleSpec etl(boolean startPaused) {
    return new ScheduleSpec(ScheduleKinds.ETL_SCHEDULE_ID, "QuickRun", INTERVAL, Duration.ofHours(1), QUEUE,
        startPaused, startPaused ? "paused at start" : "etl", Map.of());
  }

  private ScheduleView etlView(DurableSchedulerBackend backend) {
    return backend.describe(ScheduleKinds.ETL).orElseThrow();
  }

  @Test
  void aPauseWithItsNoteAndWhoSurvivesARestartAndNothingRuns() {
    DurableSchedulerBackend first = startServer();
    first.ensure(List.of(etl(false)));
    server.sleep(Duration.ofMinutes(1));
    assertEquals(1, etlView(first).started(), "a new schedule runs at once");
    ScheduleView paused = first.pause(ScheduleKinds.ETL, "keep paused", "alice@laptop");
    assertNotNull(paused.changedAt());

    DurableSchedulerBackend second = startServer();
    List<String> log = second.ensure(List.of(etl(false)));
    assertTrue(log.get(0).contains("PAUSED") && log.get(0).contains("by alice@laptop"), log.toString());
    ScheduleView restored = etlView(second);
    assertTrue(restored.paused(), "the pause was lost: " + restored);
    assertEquals("keep paused", restored.note());
    assertEquals("alice@laptop", restored.changedBy());
    assertEquals(paused.changedAt(), restored.changedAt());
    server.sleep(INTERVAL.multipliedBy(3));
    assertEquals(0, etlView(second).started(), "a restored pause must hold from the start: " + etlView(second));
  }

  @Test
  void aSavedResumeWinsOverStartPausedAndAPauseAfterARestartIsSavedAgain() {
    DurableSchedulerBackend first = startServer();
    first.ensure(List.of(etl(true))); // `pos up --paused`: created paused, and saved as such
    first.resume(ScheduleKinds.ETL, "go", "bob@desk");

    DurableSchedulerBackend second = startServer();
    second.ensure(List.of(etl(true))); // --paused again: the schedule has a saved state, which wins
    server.sleep(Duration.ofMinutes(1));
    ScheduleView resumed = etlView(second);
    assertFalse(resumed.paused(), resumed.toString());
    assertEquals("bob@desk", resumed.changedBy());
    assertEquals(1, resumed.started(), "a restored active schedule runs at once, like a new one");

    // revisions go on from the restored state, so the newest change is the one kept
    second.pause(ScheduleKinds.ETL, "again", "carol@ops");
    DurableSchedulerBackend third = startServer();
    third.ensure(List.of(etl(false)));
    ScheduleView again = etlView(third);
    assertTrue(again.paused());
    assertEquals("again", again.note());
    assertEquals("carol@ops", again.changedBy());
  }
}
