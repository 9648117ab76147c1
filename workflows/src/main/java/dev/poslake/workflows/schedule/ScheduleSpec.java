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
 */
public record ScheduleSpec(String scheduleId, String workflowType, Duration interval, String taskQueue,
    boolean startPaused, String note, Map<String, Object> runOptions) {

  public ScheduleSpec {
    // not Map.copyOf: options may hold nulls ("not set")
    runOptions = runOptions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(runOptions));
  }
}
