package dev.poslake.workflows.generator;

import dev.poslake.activities.generator.GenerateRequest;
import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.activities.generator.GeneratorActivities;
import dev.poslake.activities.reference.ReferenceActivities;
import dev.poslake.activities.runlog.RunLogEntry;
import dev.poslake.workflows.ActivityStubs;
import dev.poslake.workflows.runlog.RunLogRecorder;
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
    RunLogRecorder runLog = new RunLogRecorder(RunLogEntry.GENERATOR, trigger);
    try {
      GenerateResult r = steps(runLog, o);
      runLog.runSucceeded(runLog.runEntry(RunLogEntry.SUCCEEDED, null).withCounts(r.lines(), r.messages()));
      return r;
    } catch (RuntimeException e) {
      runLog.runFailed(e);
      throw e;
    }
  }

  private GenerateResult steps(RunLogRecorder runLog, GeneratorOptions o) {
    // the generator's stores must exist in store.txt, or silver would reject their transactions
    runLog.step("reference", () -> reference.ensureUploaded(o.stores()), null);
    WorkflowInfo info = Workflow.getInfo();
    // the request id and "now" are fixed by the workflow, so every activity retry repeats the same run
    GenerateRequest request = new GenerateRequest(info.getWorkflowId() + "/" + info.getRunId(),
        Workflow.currentTimeMillis(), o.speed(), o.transactionsPerHour(), o.seed(), o.stores(), o.simMinutes(),
        o.simStartEpochMillis());
    // rows in: item lines simulated; rows out: Kafka records published
    return runLog.step("generate", () -> generator.generate(request),
        (e, r) -> e.withCounts(r.lines(), r.messages()));
  }
}
