package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.ops.schedules.DurableSchedulerBackend;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.PipelineSchedulers;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.ops.schedules.TriggerOutcome;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.workflows.schedule.ScheduleSpec;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ETL schedule on the real embedded stack, through the {@link PipelineScheduler} `pos up` detects (the
 * durable workflow: the test server answers UNIMPLEMENTED to Schedules): pause with a note, no run for two
 * intervals, trigger (started / skipped while in flight), resume; the run log gets a row per run and step;
 * `pos ops status` shows the pause and its note.
 */
@ExtendWith(PosStackExtension.class)
class OpsSchedulesIntegrationTest {
  static final Duration INTERVAL = Duration.ofSeconds(3);
  static final List<String> ETL_STEPS = List.of("reference", "plan", "bronze", "silver", "snapshots", "gold",
      "maintenance");

  @Test
  void pauseTriggerResumeAndTheRunLog(PosStackExtension.Running stack) throws Exception {
    var config = stack.config().with(Map.of(PosSettings.ETL_INTERVAL.key(), INTERVAL.toString()));
    try (PipelineResources resources = PipelineResources.open(config);
         TemporalConnection temporal = TemporalConnection.connect(config)) {
      PosTables.ensureAll(resources.catalog(), resources.namespace());
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded(0);
      reference.refresh();
      WorkerFactory workers = WorkerFactory.newInstance(temporal.client(),
          WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
      try {
        PipelineWorker.register(workers, config.get(PosSettings.TEMPORAL_TASK_QUEUE), resources);
        workers.start();
        PipelineScheduler scheduler = PipelineSchedulers.detect(temporal.stubs(), temporal.client(),
            new ScheduleStateStore(resources.objectStore()));
        assertInstanceOf(DurableSchedulerBackend.class, scheduler, "the test server has no Schedules API");
        ScheduleSpec etl = PipelineSchedules.etl(config);
        scheduler.ensure(List.of(etl));
        ScheduleView first = await(scheduler, v -> completed(v) >= 1, Duration.ofSeconds(60));

        // pause: no run starts during the next two intervals
        ScheduleView paused = scheduler.pause("etl", "store migration", "test@ops");
        assertTrue(paused.paused());
        long pausedAt = System.currentTimeMillis();
        await(scheduler, v -> v.runningWorkflowId() == null, Duration.ofSeconds(60));
        long startedWhenPaused = started(scheduler.describe("etl").orElseThrow());
        CliRunner.Result status = CliRunner.run("ops", "status", "--data-dir", stack.dataDir().toString());
        assertEquals(0, status.code(), status.toString());
        String out = String.join("\n", status.outLines());
        assertTrue(out.contains("PAUSED") && out.contains("note: store migration"), out);
        assertTrue(out.contains("kafka lag") && out.contains("partition 0"), out);
        Thread.sleep(Math.max(0, pausedAt + 2 * INTERVAL.toMillis() + 500 - System.currentTimeMillis()));
        ScheduleView stillPaused = scheduler.describe("etl").orElseThrow();
        assertEquals(startedWhenPaused, started(stillPaused), "a paused schedule started a run: " + stillPaused);
        assertTrue(stillPaused.paused());

        // trigger runs one at once (even while paused); a second trigger while it runs is skipped
        TriggerOutcome t1 = scheduler.trigger("etl", "before the promotion");
        TriggerOutcome t2 = scheduler.trigger("etl", "again");
        assertTrue(t1.started(), t1.toString());
        assertFalse(t2.started(), t2.toString());
        assertEquals("skipped", t2.status());
        assertEquals(t1.workflowId(), t2.workflowId(), "the skip names the run in flight");
        assertTrue(t2.message().startsWith("skipped"), t2.message());
        ScheduleView afterTrigger = await(scheduler, v -> v.runningWorkflowId() == null, Duration.ofSeconds(60));
        assertEquals(startedWhenPaused + 1, started(afterTrigger));

        // resume: runs start again
        scheduler.resume("etl", "migration done", "test@ops");
        ScheduleView resumed = await(scheduler, v -> started(v) >= startedWhenPaused + 2 && completed(v) >= 3,
            Duration.ofSeconds(60));
        assertFalse(resumed.paused());
        scheduler.pause("etl", "test over", "test@ops");
        await(scheduler, v -> v.runningWorkflowId() == null, Duration.ofSeconds(60));

        // `pos etl --once` with the schedule registered: triggers it (paused or not), prints that run's result
        CliRunner.Result conflict = CliRunner.run("etl", "--once", "--max-offsets", "5", "--data-dir",
            stack.dataDir().toString());
        assertEquals(1, conflict.code(), conflict.toString());
        CliRunner.Result once = CliRunner.run("etl", "--once", "--data-dir", stack.dataDir().toString());
        assertEquals(0, once.code(), once.toString());
        ScheduleView afterOnce = await(scheduler, v -> v.runningWorkflowId() == null, Duration.ofSeconds(60));
        String onceRun = afterOnce.lastRun().workflowId();
        assertTrue(String.join("\n", once.outLines()).contains("\"" + onceRun + "\""),
            "printed another run's result than the one triggered (" + onceRun + "): " + once);

        // the run log: one row per run and per step of every run
        RunLogQuery log = new RunLogQuery(resources.catalog(), resources.table(PipelineRunsTable.NAME));
        List<RunRow> runs = log.runs("etl", 0);
        assertTrue(runs.size() >= 3, runs.toString());
        assertTrue(runs.stream().anyMatch(r -> r.workflowId().equals(t1.workflowId())), runs.toString());
        for (RunRow run : runs) {
          assertEquals("succeeded", run.status(), run.toString());
          assertNotNull(run.worker(), run.toString());
          assertNotNull(run.startedAt());
          assertNotNull(run.finishedAt());
          List<RunRow> rows = log.run(run.runId());
          // every step once; reference and snapshots run beside plan, bronze and silver, gold and maintenance last
          List<String> steps = rows.stream().filter(r -> !r.isRun()).map(RunRow::step).toList();
          assertEquals(new java.util.TreeSet<>(ETL_STEPS), new java.util.TreeSet<>(steps), rows.toString());
          assertEquals(ETL_STEPS.size(), steps.size(), rows.toString());
          assertEquals(List.of("gold", "maintenance"), steps.subList(steps.size() - 2, steps.size()), rows.toString());
          assertEquals(1, rows.stream().filter(RunRow::isRun).count());
          rows.forEach(r -> assertNull(r.error(), r.toString()));
        }
        // the run log's one-row commits are compacted by the ETL's maintenance like the pipeline's tables
        Table runLog = resources.catalog().loadTable(resources.table(PipelineRunsTable.NAME));
        runLog.refresh();
        assertTrue(StreamSupport.stream(runLog.snapshots().spliterator(), false)
            .anyMatch(s -> DataOperations.REPLACE.equals(s.operation())),
            "pipeline_runs never compacted");
        CliRunner.Result csv = CliRunner.run("ops", "runs", "--kind", "etl", "--last", "2", "--format", "csv",
            "--data-dir", stack.dataDir().toString());
        assertEquals(0, csv.code(), csv.toString());
        assertEquals(3, csv.outLines().size(), csv.toString()); // header + 2 runs
        CliRunner.Result history = CliRunner.run("ops", "history", t1.workflowId(), "--data-dir",
            stack.dataDir().toString());
        assertEquals(0, history.code(), history.toString());
        String h = String.join("\n", history.outLines());
        assertTrue(h.contains("COMPLETED") && h.contains("ReferenceRefresh") && h.contains("maintenance"), h);
        first.toString();

        // a failing step (an invalid reference file): the failed step and the failed run are in the run log
        resources.objectStore().put("reference/item.txt",
            "no header here\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TriggerOutcome bad = scheduler.trigger("etl", "bad reference file");
        assertTrue(bad.started(), bad.toString());
        ScheduleView failed = await(scheduler, v -> v.runningWorkflowId() == null, Duration.ofSeconds(60));
        assertEquals(RunRecord.FAILED, failed.lastRun().status(), failed.toString());
        List<RunRow> failedRows = log.run(bad.workflowId());
        // the bronze plan and ingest and the snapshot step may have run beside the reference load (the snapshot step
        // validates against the files itself; here it finds no recount): silver and gold waited for it and never ran
        List<RunRow> failures = failedRows.stream().filter(r -> "failed".equals(r.status())).toList();
        assertEquals(2, failures.size(), failedRows.toString());
        assertTrue(failedRows.stream().filter(r -> !r.isRun()).allMatch(r -> List.of("reference", "plan", "bronze",
            "snapshots").contains(r.step())), failedRows.toString());
        RunRow failedStep = failures.stream().filter(r -> !r.isRun()).findFirst().orElseThrow();
        RunRow failedRun = failures.stream().filter(RunRow::isRun).findFirst().orElseThrow();
        assertEquals("reference", failedStep.step());
        assertEquals("failed", failedStep.status());
        assertTrue(failedStep.error().contains("reference/item.txt"), failedStep.toString());
        assertTrue(failedRun.isRun() && "failed".equals(failedRun.status()), failedRun.toString());
        assertEquals(failedStep.error(), failedRun.error());
        CliRunner.Result failedRuns = CliRunner.run("ops", "runs", "--kind", "etl", "--last", "1", "--format",
            "json", "--data-dir", stack.dataDir().toString());
        assertTrue(failedRuns.outLines().get(0).contains("\"status\":\"failed\""), failedRuns.toString());
      } finally {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  static long started(ScheduleView v) {
    return v.recentRuns().stream().filter(r -> r.workflowId() != null).count();
  }

  static long completed(ScheduleView v) {
    return v.recentRuns().stream().filter(r -> RunRecord.COMPLETED.equals(r.status())).count();
  }

  static ScheduleView await(PipelineScheduler s, Predicate<ScheduleView> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ScheduleView v = s.describe("etl").orElse(null);
      if (v != null && done.test(v)) return v;
      if (System.nanoTime() > deadline) throw new AssertionError("not reached in " + timeout + ": " + v);
      Thread.sleep(100);
    }
  }
}
