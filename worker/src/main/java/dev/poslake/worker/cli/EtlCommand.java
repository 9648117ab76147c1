package dev.poslake.worker.cli;

import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlRunSummary;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.schedule.RunTrigger;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.worker.PipelineSchedules;
import dev.poslake.config.PosSettings;
import dev.poslake.worker.PosRuntime;
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
      WorkflowClient client = runtime.temporal().client();
      EtlOptions options = maxOffsets == null ? EtlOptions.from(runtime.config())
          : EtlOptions.from(runtime.config()).withMaxOffsetsPerPartition(maxOffsets);
      EtlRunSummary summary = OneRun.runOrTrigger(runtime, ScheduleKinds.ETL, "pos etl --once",
          EtlRunSummary.class, maxOffsets == null ? null : "--max-offsets only works without a running `pos up`",
          taskQueue -> client.newWorkflowStub(EtlWorkflow.class, WorkflowOptions.newBuilder()
                  .setWorkflowId(PipelineSchedules.ETL + "-manual-" + System.currentTimeMillis())
                  .setTaskQueue(taskQueue)
                  .setWorkflowExecutionTimeout(runtime.config().get(PosSettings.ETL_RUN_TIMEOUT))
                  .build())
              .run(RunTrigger.manual("pos etl --once"), options));
      JsonOut.print(summary);
    }
    return 0;
  }
}
