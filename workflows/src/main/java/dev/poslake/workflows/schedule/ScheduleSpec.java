package dev.poslake.workflows.schedule;

import java.time.Duration;

/**
 * What a schedule starts and how often. {@code workflowType} must accept a single {@link RunTrigger}.
 *
 * @param scheduleId e.g. {@code pos-generator}; also the scheduler workflow's id and its runs' id prefix
 */
public record ScheduleSpec(String scheduleId, String workflowType, Duration interval, String taskQueue,
    boolean startPaused, String note) {}
