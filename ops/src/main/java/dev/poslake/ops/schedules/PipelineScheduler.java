package dev.poslake.ops.schedules;

import dev.poslake.workflows.schedule.ScheduleSpec;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline's schedules, whatever runs them: native Temporal Schedules on a real cluster
 * ({@link TemporalSchedulesBackend}) or the durable scheduler workflow on the embedded test server
 * ({@link DurableSchedulerBackend}). {@code kind} is {@code generator} or {@code etl} (see {@link ScheduleKinds}).
 */
public interface PipelineScheduler {

  /** "temporal-schedules" or "durable-workflow". */
  String backend();

  /**
   * Creates the schedules, or updates existing ones (interval, action, policy) without ever unpausing one a
   * user paused; a schedule with a saved state keeps it (paused or not) whatever the spec's
   * {@code startPaused}. Returns one line per schedule for the log.
   */
  List<String> ensure(List<ScheduleSpec> specs);

  /** @param by who pauses it, e.g. {@code alice@laptop} or {@code ops page 127.0.0.1}: shown with the note */
  ScheduleView pause(String kind, String note, String by);

  ScheduleView resume(String kind, String note, String by);

  /** Starts a run now unless one is in flight: then nothing starts and the result says skipped. */
  TriggerOutcome trigger(String kind, String note);

  /** Empty if the schedule does not exist (e.g. no `pos up` ran on this stack). */
  Optional<ScheduleView> describe(String kind);
}
