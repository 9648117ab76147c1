package dev.poslake.workflows.reprocess;

import dev.poslake.activities.etl.reprocess.ReprocessRequest;
import dev.poslake.activities.etl.reprocess.ReprocessResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * `pos reprocess-rejects`: reload the reference data, then either count what would pass (dry run) or put the
 * quarantined records that pass today into inventory_change once and mark their reject rows.
 */
@WorkflowInterface
public interface ReprocessRejectsWorkflow {
  String TYPE = "ReprocessRejectsWorkflow";

  @WorkflowMethod(name = TYPE)
  ReprocessResult run(ReprocessRequest request);
}
