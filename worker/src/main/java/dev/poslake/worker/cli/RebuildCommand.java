package dev.poslake.worker.cli;

import dev.poslake.activities.rebuild.RebuildScope;
import dev.poslake.worker.PosRuntime;
import dev.poslake.workflows.rebuild.RebuildRequest;
import dev.poslake.workflows.rebuild.RebuildResult;
import dev.poslake.workflows.rebuild.RebuildWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = {"Recompute tables from their sources (silver from bronze, the snapshot tables from the recount "
        + "files, gold from both) with today's rules and reference data, check them and publish them: each "
        + "table's main moves to its rebuilt branch in one catalog commit. The ETL schedule is paused meanwhile "
        + "and readers see the old tables until the publish. Prints the result, with what changed in gold."})
public final class RebuildCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--tables", split = ",", paramLabel = "GROUP",
      description = "silver, snapshots and/or gold (default: all); gold is rebuilt with either of the others.")
  List<String> tables = List.of();

  @Option(names = "--dry-run", description = "Recompute and check, print what would change in gold, publish nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    try {
      RebuildScope.expand(tables);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--tables: " + e.getMessage());
    }
    try (PosRuntime runtime = PosRuntime.start(common.load(), true)) {
      WorkflowClient client = runtime.temporal().client();
      // with `pos up` running, its worker runs the rebuild (the schedule it pauses is its); else one of our own
      String queue = OneRun.upOrPrivateQueue(runtime, "rebuild");
      RebuildWorkflow rebuild = client.newWorkflowStub(RebuildWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(RebuildWorkflow.WORKFLOW_ID)
          .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
          .setTaskQueue(queue)
          // no execution timeout: it would stop the workflow without its clean-up and leave the ETL held; every
          // step is bounded by its own timeouts and attempts instead (the publish only retries while it can finish)
          .build());
      try {
        WorkflowClient.start(rebuild::run, new RebuildRequest(tables, dryRun, Operator.current()));
      } catch (WorkflowExecutionAlreadyStarted e) {
        throw new UserError("a rebuild is already running (workflow " + RebuildWorkflow.WORKFLOW_ID
            + "); see `pos ops status`, or wait for it");
      }
      System.err.println("rebuild started (workflow " + RebuildWorkflow.WORKFLOW_ID + ")"
          + (dryRun ? ", dry run: nothing will be published" : ""));
      RebuildResult result = client.newUntypedWorkflowStub(RebuildWorkflow.WORKFLOW_ID).getResult(RebuildResult.class);
      JsonOut.print(result);
    }
    return 0;
  }
}
