package dev.poslake.workflows.generator;

import dev.poslake.activities.generator.GenerateRequest;
import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.activities.generator.GeneratorActivities;
import dev.poslake.activities.reference.ReferenceActivities;
import dev.poslake.workflows.ActivityStubs;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;

public class GeneratorWorkflowImpl implements GeneratorWorkflow {
  /** A run publishes at most a few simulated hours; 100 stores' recount files take a while on slow storage. */
  static final Duration GENERATE_TIMEOUT = Duration.ofMinutes(20);

  private final GeneratorActivities generator =
      ActivityStubs.create(GeneratorActivities.class, GENERATE_TIMEOUT, Duration.ofSeconds(60));
  private final ReferenceActivities reference =
      ActivityStubs.create(ReferenceActivities.class, Duration.ofMinutes(5), Duration.ZERO);

  @Override
  public GenerateResult run(RunTrigger trigger, GeneratorOptions o) {
    // the generator's stores must exist in store.txt, or silver would reject their transactions
    reference.ensureUploaded(o.stores());
    WorkflowInfo info = Workflow.getInfo();
    // the request id and "now" are fixed by the workflow, so every activity retry repeats the same run
    GenerateRequest request = new GenerateRequest(info.getWorkflowId() + "/" + info.getRunId(),
        Workflow.currentTimeMillis(), o.speed(), o.transactionsPerHour(), o.seed(), o.stores(), o.simMinutes(),
        o.simStartEpochMillis());
    return generator.generate(request);
  }
}
