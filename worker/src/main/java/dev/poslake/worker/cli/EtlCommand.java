package dev.poslake.worker.cli;

import dev.poslake.config.PosSettings;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlRunSummary;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.schedule.RunTrigger;
import dev.poslake.workflows.schedule.TriggerResult;
import dev.poslake.worker.PipelineSchedules;
import dev.poslake.worker.PosRuntime;
import dev.poslake.worker.Schedules;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "etl", mixinStandardHelpOptions = true,
    description = "Run the ETL once: Kafka -> bronze -> silver, recount files -> snapshots, gold merge. "
        + "Prints the run summary.")
public final class EtlCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--once", description = "Run once and exit (the recurring ETL runs in `pos up`).")
  boolean once;

  @Option(names = "--max-offsets", paramLabel = "N",
      description = "Cap of records per Kafka partition in this run (default: etl.max-offsets-per-partition).")
  Integer maxOffsets;

  @Override
  public Integer call() throws Exception {
    if (!once) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "use --once (the recurring ETL runs in `pos up`)");
    }
    if (maxOffsets != null && maxOffsets <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--max-offsets must be > 0");
    }
    try (PosRuntime runtime = PosRuntime.start(common.load(), true)) {
      runtime.startWorker();
      WorkflowClient client = runtime.temporal().client();
      EtlRunSummary summary;
      if (Schedules.describe(client, PipelineSchedules.ETL).isPresent()) {
        // with `pos up` running, a concurrent second run is what its schedule prevents: trigger it instead
        if (maxOffsets != null) throw new UserError("--max-offsets only works without a running `pos up`");
        TriggerResult t = Schedules.stub(client, PipelineSchedules.ETL).trigger("pos etl --once");
        if (!t.started()) throw new UserError("ETL run not started: " + t.message());
        summary = client.newUntypedWorkflowStub(t.workflowId()).getResult(EtlRunSummary.class);
      } else {
        EtlOptions options = EtlOptions.from(runtime.config());
        if (maxOffsets != null) options = options.withMaxOffsetsPerPartition(maxOffsets);
        EtlWorkflow wf = client.newWorkflowStub(EtlWorkflow.class, WorkflowOptions.newBuilder()
            .setWorkflowId(PipelineSchedules.ETL + "-manual-" + System.currentTimeMillis())
            .setTaskQueue(runtime.config().get(PosSettings.TEMPORAL_TASK_QUEUE))
            .build());
        summary = wf.run(RunTrigger.manual("pos etl --once"), options);
      }
      JsonOut.print(summary);
    }
    return 0;
  }
}
