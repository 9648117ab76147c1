package dev.poslake.ops.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.workflows.schedule.RunTrigger;
import dev.poslake.workflows.schedule.ScheduleSpec;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The native Schedules requests, built without a server (the embedded test server has no Schedules API). */
class TemporalSchedulesBackendTest {
  private static final ScheduleSpec GENERATOR = new ScheduleSpec("pos-generator", "GeneratorWorkflow",
      Duration.ofMinutes(2), Duration.ofMinutes(30), "pos-pipeline", false, "POS traffic simulator", Map.of("speed", 10.0));
  private static final ScheduleSpec ETL = new ScheduleSpec("pos-etl", "EtlWorkflow", Duration.ofMinutes(5),
      Duration.ofHours(1), "pos-pipeline", false, "Kafka -> bronze -> silver -> gold", Map.of("maxOffsetsPerPartition", 20000));
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void newSchedulesHaveTheirIntervalSkipOverlapACatchUpWindowAndRunUnpaused() {
    Schedule g = TemporalSchedulesBackend.newSchedule(GENERATOR);
    Schedule e = TemporalSchedulesBackend.newSchedule(ETL);
    assertEquals(Duration.ofMinutes(2), g.getSpec().getIntervals().get(0).getEvery());
    assertEquals(1, g.getSpec().getIntervals().size());
    assertEquals(Duration.ofMinutes(5), e.getSpec().getIntervals().get(0).getEvery());
    for (Schedule s : new Schedule[] {g, e}) {
      assertEquals(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP, s.getPolicy().getOverlap());
      assertEquals(TemporalSchedulesBackend.CATCHUP_WINDOW, s.getPolicy().getCatchupWindow());
      assertFalse(s.getState().isPaused());
    }
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) e.getAction();
    assertEquals("EtlWorkflow", action.getWorkflowType());
    assertEquals("pos-pipeline", action.getOptions().getTaskQueue());
    assertEquals("pos-etl", action.getOptions().getWorkflowId());
    assertEquals(Duration.ofHours(1), action.getOptions().getWorkflowExecutionTimeout(), "runs are bounded");
    RunTrigger trigger = action.getArguments().get(0, RunTrigger.class);
    assertEquals(new RunTrigger("pos-etl", RunTrigger.SCHEDULED, null), trigger);
    assertEquals(20000, ((Map<?, ?>) action.getArguments().get(1, Map.class)).get("maxOffsetsPerPartition"));
  }

  @Test
  void theNoteGoesIntoTheMemo() {
    ScheduleOptions o = TemporalSchedulesBackend.options(ETL);
    assertEquals("Kafka -> bronze -> silver -> gold", o.getMemo().get(TemporalSchedulesBackend.MEMO_NOTE));
  }

  @Test
  void anUpdateKeepsAScheduleTheUserPausedPausedWithTheUsersNote() {
    Schedule pausedByUser = Schedule.newBuilder(TemporalSchedulesBackend.newSchedule(ETL))
        .setState(ScheduleState.newBuilder().setPaused(true).setNote("store migration").build())
        .build();
    ScheduleSpec faster = new ScheduleSpec("pos-etl", "EtlWorkflow", Duration.ofMinutes(1), Duration.ofHours(1),
        "pos-pipeline", false, "new note", Map.of());
    Schedule u = TemporalSchedulesBackend.updated(pausedByUser, faster);
    assertTrue(u.getState().isPaused(), "start-up must never unpause a schedule a user paused");
    assertEquals("store migration", u.getState().getNote());
    assertEquals(Duration.ofMinutes(1), u.getSpec().getIntervals().get(0).getEvery(), "the interval is updated");
    assertEquals(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP, u.getPolicy().getOverlap());
  }

  @Test
  void whoPausedGoesAtTheEndOfTheServersNoteAndIsReadBack() {
    String note = TemporalSchedulesBackend.noteBy("store migration", "alice@laptop");
    assertEquals("store migration (by alice@laptop)", note);
    assertEquals("alice@laptop", TemporalSchedulesBackend.byOf(note));
    assertEquals("(by ops page 127.0.0.1)", TemporalSchedulesBackend.noteBy("", "ops page 127.0.0.1"));
    assertEquals("ops page 127.0.0.1", TemporalSchedulesBackend.byOf("(by ops page 127.0.0.1)"));
    assertEquals("just a note", TemporalSchedulesBackend.noteBy("just a note", null));
    assertEquals(null, TemporalSchedulesBackend.byOf("paused at creation"));
  }

  @Test
  void anUpdateOfARunningScheduleKeepsItRunning() {
    Schedule u = TemporalSchedulesBackend.updated(TemporalSchedulesBackend.newSchedule(GENERATOR), GENERATOR);
    assertFalse(u.getState().isPaused());
    assertEquals("POS traffic simulator", u.getState().getNote());
  }

  private static ScheduleDescription described(List<String> recent, List<String> running) {
    List<ScheduleActionResult> results = new ArrayList<>();
    for (String id : recent) {
      results.add(new ScheduleActionResult(T0, T0, new ScheduleActionExecutionStartWorkflow(id, id + "-run")));
    }
    List<ScheduleActionExecution> inFlight = new ArrayList<>();
    for (String id : running) inFlight.add(new ScheduleActionExecutionStartWorkflow(id, id + "-run"));
    ScheduleInfo info = new ScheduleInfo(results.size(), 0, 0, inFlight, results, List.of(), T0, T0);
    return new ScheduleDescription("pos-etl", info, TemporalSchedulesBackend.newSchedule(ETL), Map.of(),
        SearchAttributes.EMPTY, Map.of(), DefaultDataConverter.STANDARD_INSTANCE);
  }

  @Test
  void aTriggerReportsTheWorkflowThatIsNewAmongTheActions() {
    ScheduleDescription before = described(List.of("pos-etl-1", "pos-etl-2"), List.of());
    Set<String> known = TemporalSchedulesBackend.actionWorkflowIds(before);
    assertEquals(Set.of("pos-etl-1", "pos-etl-2"), known);
    assertEquals(Optional.empty(), TemporalSchedulesBackend.newWorkflowId(known, before),
        "nothing started yet: no workflow id must be guessed");
    assertEquals(Optional.of("pos-etl-3"), TemporalSchedulesBackend.newWorkflowId(known,
        described(List.of("pos-etl-1", "pos-etl-2", "pos-etl-3"), List.of("pos-etl-3"))));
    // finished before we looked: still found among the recent actions, even once the oldest dropped out
    assertEquals(Optional.of("pos-etl-3"), TemporalSchedulesBackend.newWorkflowId(known,
        described(List.of("pos-etl-2", "pos-etl-3"), List.of())));
  }

  @Test
  void scheduleViewsCarryStartedAndSkippedCounts() {
    ScheduleDescription d = described(List.of("pos-etl-1"), List.of("pos-etl-1"));
    ScheduleView v = TemporalSchedulesBackend.view("etl", d);
    assertEquals(1, v.started());
    assertEquals("pos-etl-1", v.runningWorkflowId());
    assertEquals(Duration.ofMinutes(5), v.interval());
  }

  @Test
  void kindsMapToScheduleIds() {
    assertEquals("pos-etl", ScheduleKinds.scheduleId("etl"));
    assertEquals("pos-generator", ScheduleKinds.scheduleId("GENERATOR"));
    assertEquals("etl", ScheduleKinds.normalize("pos-etl"));
  }
}
