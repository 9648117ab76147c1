package dev.poslake.workflows.generator;

import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One generator run: make sure the reference files are in place, then simulate the next interval. */
@WorkflowInterface
public interface GeneratorWorkflow {
  String TYPE = "GeneratorWorkflow";

  @WorkflowMethod(name = TYPE)
  GenerateResult run(RunTrigger trigger, GeneratorOptions options);
}
