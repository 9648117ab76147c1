package dev.poslake.worker.cli;

import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.workflows.generator.GeneratorOptions;
import dev.poslake.workflows.generator.GeneratorWorkflow;
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

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Run the POS generator once: publish the next interval of simulated transactions to Kafka "
        + "and the due recount files to the object store.")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin GeneratorSettingsOptions generator;

  @Option(names = "--once", description = "Run once and exit (the schedule runs in `pos up`).")
  boolean once;

  @Option(names = "--sim-minutes", paramLabel = "N",
      description = "Simulate exactly N minutes (default: the wall time since the last run × speed).")
  Integer simMinutes;

  @Override
  public Integer call() throws Exception {
    if (!once) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "use --once (the recurring generator runs in `pos up`)");
    }
    if (simMinutes != null && simMinutes < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--sim-minutes must be >= 0");
    }
    try (PosRuntime runtime = PosRuntime.start(common.load(generator.overrides()), true)) {
      WorkflowClient client = runtime.temporal().client();
      GenerateResult result = OneRun.runOrTrigger(runtime, ScheduleKinds.GENERATOR,
          "pos generate --once", GenerateResult.class, simMinutes == null ? null : "the generator schedule of a running `pos up` owns "
              + "the simulated clock: --sim-minutes only works without it",
          taskQueue -> client.newWorkflowStub(GeneratorWorkflow.class, WorkflowOptions.newBuilder()
                  .setWorkflowId(PipelineSchedules.GENERATOR + "-manual-" + System.currentTimeMillis())
                  .setTaskQueue(taskQueue)
                  .setWorkflowExecutionTimeout(runtime.config().get(PosSettings.GENERATOR_RUN_TIMEOUT))
                  .build())
              .run(RunTrigger.manual("pos generate --once"),
                  GeneratorOptions.from(runtime.config(), System.currentTimeMillis()).withSimMinutes(simMinutes)));
      JsonOut.print(result);
    }
    return 0;
  }
}
