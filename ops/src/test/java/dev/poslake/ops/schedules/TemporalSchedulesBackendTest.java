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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The native Schedules requests, built without a server (the embedded test server has no Schedules API). */
class TemporalSchedulesBackendTest {
  private static final ScheduleSpec GENERATOR = new ScheduleSpec("pos-generator", "GeneratorWorkflow",
      Duration.ofMinutes(2), "pos-pipeline", false, "POS traffic simulator", Map.of("speed", 10.0));
  private static final ScheduleSpec ETL = new ScheduleSpec("pos-etl", "EtlWorkflow", Duration.ofMinutes(5),
      "pos-pipeline", false, "Kafka -> bronze -> silver -> gold", Map.of("maxOffsetsPerPartition", 20000));

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
    ScheduleSpec faster = new ScheduleSpec("pos-etl", "EtlWorkflow", Duration.ofMinutes(1), "pos-pipeline",
        false, "new note", Map.of());
    Schedule u = TemporalSchedulesBackend.updated(pausedByUser, faster);
    assertTrue(u.getState().isPaused(), "start-up must never unpause a schedule a user paused");
    assertEquals("store migration", u.getState().getNote());
    assertEquals(Duration.ofMinutes(1), u.getSpec().getIntervals().get(0).getEvery(), "the interval is updated");
    assertEquals(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP, u.getPolicy().getOverlap());
  }

  @Test
  void anUpdateOfARunningScheduleKeepsItRunning() {
    Schedule u = TemporalSchedulesBackend.updated(TemporalSchedulesBackend.newSchedule(GENERATOR), GENERATOR);
    assertFalse(u.getState().isPaused());
    assertEquals("POS traffic simulator", u.getState().getNote());
  }

  @Test
  void kindsMapToScheduleIds() {
    assertEquals("pos-etl", ScheduleKinds.scheduleId("etl"));
    assertEquals("pos-generator", ScheduleKinds.scheduleId("GENERATOR"));
    assertEquals("etl", ScheduleKinds.normalize("pos-etl"));
  }
}
