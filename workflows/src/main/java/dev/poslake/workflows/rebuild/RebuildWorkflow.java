package dev.poslake.workflows.rebuild;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Recomputes silver, the snapshot tables and gold from their sources, checks the result and publishes it (write,
 * audit, publish): the ETL schedule is paused meanwhile, readers see the old tables until each table's main moves
 * to its rebuilt branch, and a failed or cancelled rebuild leaves main untouched.
 */
@WorkflowInterface
public interface RebuildWorkflow {
  /** One rebuild at a time: every rebuild runs under this workflow id. */
  String WORKFLOW_ID = "pos-rebuild";

  @WorkflowMethod
  RebuildResult run(RebuildRequest request);
}
