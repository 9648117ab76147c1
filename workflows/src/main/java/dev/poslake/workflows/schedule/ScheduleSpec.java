package dev.poslake.workflows.schedule;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a schedule starts and how often. {@code workflowType}'s method takes ({@link RunTrigger}, options):
 * {@code runOptions} is passed through as that second argument (e.g. the generator's settings).
 *
 * @param scheduleId e.g. {@code pos-generator}; also the scheduler workflow's id and its runs' id prefix
 * @param runTimeout execution timeout of every run it starts: a run still going then is timed out, so a stuck
 *     run cannot block the schedule forever (null only in histories recorded before it existed: unbounded)
 */
public record ScheduleSpec(String scheduleId, String workflowType, Duration interval, Duration runTimeout,
    String taskQueue, boolean startPaused, String note, Map<String, Object> runOptions) {

  public ScheduleSpec {
    // not Map.copyOf: options may hold nulls ("not set")
    runOptions = runOptions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(runOptions));
  }

  /** The same schedule, created paused (or not) with this note. */
  public ScheduleSpec withStartPaused(boolean paused, String newNote) {
    return new ScheduleSpec(scheduleId, workflowType, interval, runTimeout, taskQueue, paused, newNote, runOptions);
  }
}
