package dev.poslake.workflows.schedule;

/** Answer to "trigger now": the run started, or why none was. */
public record TriggerResult(boolean started, String workflowId, String message) {}
