package dev.poslake.worker.cli;

import dev.poslake.activities.etl.domain.RejectReason;
import dev.poslake.activities.etl.reprocess.ReprocessRequest;
import dev.poslake.activities.etl.reprocess.ReprocessResult;
import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.activities.rebuild.RebuildStatusStore;
import dev.poslake.config.PosSettings;
import dev.poslake.worker.PosRuntime;
import dev.poslake.workflows.reprocess.ReprocessRejectsWorkflow;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reprocess-rejects", mixinStandardHelpOptions = true,
    description = "Re-validate quarantined records (rejected_inventory_change) against today's reference data and "
        + "rules; put those that pass into inventory_change once (the next gold merge counts them) and mark their "
        + "reject rows. Prints counts per reason, rows added and rows marked.")
public final class ReprocessRejectsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--reason", paramLabel = "R", description = "Only records rejected for this reason, e.g. "
      + "unknown_item (default: every reason).")
  String reason;

  @Option(names = "--since", paramLabel = "T", description = "Only records rejected at or after T: an ISO instant "
      + "(2026-11-25T10:00:00Z) or a UTC date (2026-11-25).")
  String since;

  @Option(names = "--dry-run", description = "Count per reason what would pass and what stays rejected; change "
      + "nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    ReprocessRequest request = new ReprocessRequest(checkedReason(), sinceMillis(), dryRun);
    try (PosRuntime runtime = PosRuntime.start(common.load(), true)) {
      // a rebuild replaces silver and its quarantine at its end: a reprocess meanwhile would make it fail
      new RebuildStatusStore(runtime.resources().objectStore()).load().filter(RebuildStatus::inProgress)
          .ifPresent(r -> {
            throw new UserError("rebuild " + r.rebuildId() + " is in progress (" + r.phase() + "): reprocess after "
                + "it ends; see `pos ops status`");
          });
      // with `pos up` running its worker runs it (it registers the workflow); else a worker of this process, alone
      String queue = OneRun.upOrPrivateQueue(runtime, "reprocess");
      ReprocessResult result = runtime.temporal().client().newWorkflowStub(ReprocessRejectsWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("pos-reprocess-rejects-" + System.currentTimeMillis())
                  .setTaskQueue(queue)
                  .setWorkflowExecutionTimeout(runtime.config().get(PosSettings.ETL_RUN_TIMEOUT))
                  .build())
          .run(request);
      JsonOut.print(result);
    }
    return 0;
  }

  private String checkedReason() {
    if (reason == null) return null;
    try {
      return RejectReason.fromCode(reason).code();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--reason: " + e.getMessage());
    }
  }

  private Long sinceMillis() {
    if (since == null) return null;
    try {
      return since.length() == 10 ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
          : Instant.parse(since).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--since: not an ISO instant or date: " + since);
    }
  }
}
