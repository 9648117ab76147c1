package dev.poslake.worker.cli;

import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.ops.history.RunHistory;
import dev.poslake.ops.runs.OpsAudit;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.RebuildHoldGuard;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.ops.schedules.TriggerOutcome;
import dev.poslake.ops.status.OpsStatus;
import dev.poslake.ops.status.PartitionLag;
import dev.poslake.ops.tables.OutputFormat;
import dev.poslake.ops.tables.TableDump;
import dev.poslake.worker.PosRuntime;
import dev.poslake.workflows.schedule.RunRecord;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pos ops ...}: operate the pipeline of a running `pos up` (or any stack with its schedules). */
@Command(name = "ops", mixinStandardHelpOptions = true,
    description = "Operate the pipeline: status, run history, pause/resume/trigger the schedules, acknowledge "
        + "lost Kafka offsets, reset offsets to a recreated topic.",
    subcommands = {OpsCommand.Status.class, OpsCommand.Runs.class, OpsCommand.Pause.class,
        OpsCommand.Resume.class, OpsCommand.Trigger.class, OpsCommand.History.class, AcknowledgeLossCommand.class,
        ResetOffsetsCommand.class})
public final class OpsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
        "missing subcommand: status, runs, pause, resume, trigger, history, acknowledge-loss or reset-offsets");
  }

  static String kind(String k) {
    try {
      return ScheduleKinds.normalize(k);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  static String time(Long epochMillis) {
    return epochMillis == null || epochMillis == 0 ? "-" : Instant.ofEpochMilli(epochMillis).toString();
  }

  static void printSchedule(PrintStream out, String kind, ScheduleView v) {
    if (v == null) {
      out.printf("%-9s  not registered (is `pos up` running?)%n", kind);
      return;
    }
    out.printf("%-9s  %-13s  every %-6s  %s%s%n", kind, v.scheduleId(), v.interval() == null ? "?" : v.interval(),
        v.paused() ? "PAUSED" : "active", v.note() == null || v.note().isBlank() ? "" : "  note: " + v.note());
    if (v.changedBy() != null || v.changedAt() != null) {
      out.printf("           %s%s%s%n", v.paused() ? "paused" : "resumed",
          v.changedAt() == null ? "" : " " + v.changedAt(), v.changedBy() == null ? "" : " by " + v.changedBy());
    }
    out.printf("           next run: %s%n", v.paused() ? "- (paused)" : v.nextRunAt() == null ? "-" : v.nextRunAt());
    RunRecord last = v.lastRun();
    if (last != null) {
      out.printf("           last run: %s %s (%s, scheduled %s%s)%n", last.workflowId(), last.status(), last.reason(),
          time(last.scheduledAt()), last.message() == null ? "" : ": " + last.message());
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Schedules (paused or not, note, next run), last run per kind, Kafka lag per partition, "
          + "gold freshness.")
  static final class Status implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Override
    public Integer call() throws Exception {
      try (PosRuntime runtime = PosRuntime.start(common.load(), true)) {
        OpsStatus s = OpsStatus.gather(runtime.scheduler(), runtime.resources());
        if ("json".equalsIgnoreCase(format)) {
          JsonOut.print(s);
          return 0;
        }
        PrintStream out = System.out;
        out.println("schedules (" + s.backend() + "):");
        s.schedules().forEach((kind, v) -> printSchedule(out, kind, v));
        out.println("last runs (pipeline_runs):");
        s.lastRuns().forEach((kind, r) -> out.printf("%-9s  %s%n", kind, r == null ? "none yet"
            : r.workflowId() + " " + r.status() + " finished " + r.finishedAt() + " (" + r.millis() + " ms, rows in "
            + r.rowsIn() + ", out " + r.rowsOut() + (r.error() == null ? "" : ", error: " + r.error()) + ")"));
        if (s.lagError() != null) {
          out.println("kafka lag: unknown (" + s.lagError() + ")");
        } else {
          out.println("kafka lag (bronze committed vs end offset): " + s.totalLag() + " records");
          for (PartitionLag p : s.lag()) {
            out.printf("  partition %d: committed %d, end %d, lag %d%n", p.partition(), p.committed(), p.end(), p.lag());
          }
        }
        out.println("gold freshness: " + (s.goldFreshnessSeconds() == null ? "- (gold is empty)"
            : s.goldFreshnessSeconds() + " s (source time minus the newest event in current_inventory)"));
        if (s.rebuild() != null) {
          var r = s.rebuild();
          out.println("rebuild " + r.rebuildId() + (r.inProgress() ? " IN PROGRESS: " : ": ") + r.phase()
              + (r.dryRun() ? " (dry run)" : "") + ", tables " + String.join(", ", r.tables()) + ", started "
              + java.time.Instant.ofEpochMilli(r.startedAtMillis()) + ", updated "
              + java.time.Instant.ofEpochMilli(r.updatedAtMillis()) + " (workflow " + r.workflowId() + ")"
              + (r.error() == null ? "" : ", error: " + r.error()));
        }
        if (!s.dataLoss().isEmpty()) {
          out.println("DATA LOSS: " + s.dataLoss().stream().mapToLong(RunRow::lostOffsets).sum() + " Kafka offsets "
              + "were deleted by retention before bronze read them (skipped with consent):");
          for (RunRow r : s.dataLoss()) {
            out.printf("  %s  %d offsets %s  %s%s%n", r.finishedAt(), r.lostOffsets(), r.offsets() == null ? ""
                : r.offsets(), r.workflowId(), r.note() == null ? "" : "  " + r.note());
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "runs", mixinStandardHelpOptions = true, description = "Recent runs from the run log pipeline_runs.")
  static final class Runs implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--kind", paramLabel = "KIND", description = "etl or generator (default: both).")
    String kind;

    @Option(names = "--last", paramLabel = "N", description = "Newest N runs (default 20, 0: all).")
    int last = 20;

    @Option(names = "--steps", description = "Also print each run's step rows.")
    boolean steps;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), csv or json.")
    String format = "table";

    @Override
    public Integer call() throws Exception {
      String k = kind == null ? null : kind(kind);
      if (last < 0) throw new UserError("--last must be >= 0");
      OutputFormat f;
      try {
        f = OutputFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--format must be table, csv or json");
      }
      try (PosRuntime runtime = PosRuntime.start(common.load(), false)) {
        RunLogQuery q = new RunLogQuery(runtime.resources().catalog(),
            runtime.resources().table(PipelineRunsTable.NAME));
        List<RunRow> runs = q.runs(k, last);
        List<List<Object>> rows = new ArrayList<>();
        for (RunRow r : runs) {
          if (steps) {
            for (RunRow s : q.run(r.runId())) if (!s.isRun()) rows.add(s.values());
          }
          rows.add(r.values());
        }
        TableDump.printRows(RunRow.COLUMNS, rows, f, System.out);
      }
      return 0;
    }
  }

  abstract static class ScheduleAction implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "KIND", description = "generator or etl")
    String kind;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why (shown in `pos ops status`).")
    String note;

    @Override
    public Integer call() throws Exception {
      String k = kind(kind);
      try (PosRuntime runtime = PosRuntime.start(common.load(), true)) {
        int code = apply(runtime.scheduler(), k);
        // who did what, in the run log next to the runs it affects
        OpsAudit.record(runtime.resources(), action() + "-" + ScheduleKinds.scheduleId(k), Operator.current(), note);
        return code;
      } catch (dev.poslake.ops.schedules.ScheduleNotFoundException e) {
        throw new UserError(e.getMessage());
      }
    }

    abstract int apply(PipelineScheduler scheduler, String kind);

    /** pause, resume or trigger: the command's name. */
    String action() {
      return getClass().getAnnotation(Command.class).name();
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a schedule (no new runs).")
  static final class Pause extends ScheduleAction {
    @Override
    int apply(PipelineScheduler scheduler, String kind) {
      ScheduleView v = scheduler.pause(kind, note == null ? "paused with pos ops pause" : note, Operator.current());
      printSchedule(System.out, kind, v);
      return 0;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused schedule.")
  static final class Resume extends ScheduleAction {
    @Option(names = "--force", description = "Resume even while a rebuild holds the schedule (e.g. its workflow "
        + "is gone); an ETL run then makes a rebuild in progress fail.")
    boolean force;

    @Override
    int apply(PipelineScheduler scheduler, String kind) {
      PipelineScheduler s = force && scheduler instanceof RebuildHoldGuard g ? g.unguarded() : scheduler;
      ScheduleView v = s.resume(kind, note == null ? "" : note, Operator.current());
      printSchedule(System.out, kind, v);
      return 0;
    }
  }

  @Command(name = "trigger", mixinStandardHelpOptions = true,
      description = "Start a run now; skipped (and reported as skipped) while a run is in flight.")
  static final class Trigger extends ScheduleAction {
    @Override
    int apply(PipelineScheduler scheduler, String kind) {
      TriggerOutcome t = scheduler.trigger(kind, note == null ? "pos ops trigger" : note);
      System.out.println(kind + " " + t.status() + ": " + t.message());
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "A run's steps with attempts, workers, errors and timings (Temporal history and run log).")
  static final class History implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "Workflow id or Temporal run id of the run.")
    String id;

    @Override
    public Integer call() throws Exception {
      try (PosRuntime runtime = PosRuntime.start(common.load(), true)) {
        RunLogQuery q = new RunLogQuery(runtime.resources().catalog(),
            runtime.resources().table(PipelineRunsTable.NAME));
        List<RunRow> logged = q.run(id);
        String workflowId = logged.isEmpty() ? id : logged.get(0).workflowId();
        String runId = logged.isEmpty() ? null : logged.get(0).runId();
        PrintStream out = System.out;
        RunHistory.Run h = null;
        try {
          h = RunHistory.fetch(runtime.temporal().client(), workflowId, runId);
        } catch (RuntimeException e) {
          if (logged.isEmpty()) throw new UserError("no run " + id + " in the run log or in Temporal");
          out.println("(Temporal history unavailable: " + Main.oneLine(e) + ")");
        }
        if (h != null) {
          out.printf("%s %s (%s) %s, started %s, closed %s%n", h.workflowType(), h.workflowId(), h.runId(),
              h.status(), h.startedAt(), h.closedAt() == null ? "-" : h.closedAt());
          out.println("activities (Temporal history):");
          List<List<Object>> rows = new ArrayList<>();
          for (RunHistory.ActivityStep a : h.activities()) {
            rows.add(java.util.Arrays.asList(a.activityType(), a.unit(), a.status(), a.attempts(), a.millis(), a.worker(),
                a.scheduledAt(), a.closedAt(), a.error()));
          }
          TableDump.printRows(List.of("activity", "unit", "status", "attempts", "millis", "worker", "scheduled_at",
              "closed_at", "error"), rows, OutputFormat.TABLE, out);
        }
        out.println("steps (pipeline_runs):");
        List<List<Object>> rows = new ArrayList<>();
        for (RunRow r : logged) {
          rows.add(java.util.Arrays.asList(r.step() == null ? "(run)" : r.step(), r.status(), r.millis(), r.rowsIn(),
              r.rowsOut(), r.rejects(), r.offsets(), r.worker(), r.error()));
        }
        TableDump.printRows(List.of("step", "status", "millis", "rows_in", "rows_out", "rejects", "offsets",
            "worker", "error"), rows, OutputFormat.TABLE, out);
      }
      return 0;
    }
  }

}
