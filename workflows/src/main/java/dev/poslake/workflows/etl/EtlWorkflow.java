package dev.poslake.workflows.etl;

import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One ETL run: plan offset ranges → bronze (one activity per partition range, in parallel) → silver →
 * snapshot files → gold merge → maintenance. Each step is an idempotent activity with retries.
 */
@WorkflowInterface
public interface EtlWorkflow {
  String TYPE = "EtlWorkflow";

  @WorkflowMethod(name = TYPE)
  EtlRunSummary run(RunTrigger trigger, EtlOptions options);
}
