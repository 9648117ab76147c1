package dev.poslake.ops.web;

import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.workflows.etl.EtlRunSummary;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent runs of the schedules, with their results: polled from the schedules' recent runs, and for each
 * finished run its {@link EtlRunSummary} / {@link GenerateResult} read once from Temporal. Keeps more runs than
 * a schedule does (for the charts) and feeds the pipeline metrics once per finished run.
 */
public final class RunHistory {
  private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
  public static final int KEEP = 200;

  private final PipelineScheduler schedules;
  private final WorkflowClient client;
  private final PipelineMetrics metrics;
  /** key: workflow id (skipped runs: schedule + scheduledAt), insertion order = first seen */
  private final Map<String, RunView> runs = new LinkedHashMap<>();
  /** finished runs whose result could not be read yet: attempts so far */
  private final Map<String, Integer> resultFailures = new java.util.concurrent.ConcurrentHashMap<>();
  static final int RESULT_ATTEMPTS = 5;
  private long newestGoldEvent;
  private long generatorClock;

  public RunHistory(PipelineScheduler schedules, WorkflowClient client, PipelineMetrics metrics) {
    this.schedules = schedules;
    this.client = client;
    this.metrics = metrics;
  }

  /** Runs, newest first. */
  public synchronized List<RunView> recent(int limit) {
    List<RunView> out = new ArrayList<>(runs.values());
    out.sort(Comparator.comparingLong(RunView::scheduledAt).reversed());
    return out.subList(0, Math.min(limit, out.size()));
  }

  /** Newest event in gold seen in run results (epoch ms, 0 if none yet). */
  public synchronized long newestGoldEvent() {
    return newestGoldEvent;
  }

  /** The generator's simulated clock after its latest run (epoch ms, 0 if none yet). */
  public synchronized long generatorClock() {
    return generatorClock;
  }

  /** Reads the schedules and the results of runs finished since the last poll. */
  public void poll() {
    for (String kind : ScheduleKinds.ALL) {
      try {
        schedules.describe(kind).ifPresent(this::update);
      } catch (RuntimeException e) {
        LOG.debug("cannot describe schedule {}: {}", kind, e.toString());
      }
    }
  }

  private void update(ScheduleView state) {
    String schedule = state.scheduleId();
    String type = state.kind();
    metrics.gauge("pos_schedule_paused", "1 while the schedule is paused", state.paused() ? 1 : 0,
        "schedule", schedule);
    for (RunRecord r : state.recentRuns()) {
      String key = RunRecord.SKIPPED.equals(r.status()) || r.workflowId() == null
          ? schedule + "@" + r.scheduledAt() : r.workflowId();
      RunView known;
      synchronized (this) {
        known = runs.get(key);
      }
      if (known != null && known.finishedAt() != null) continue; // final: result already read
      RunView view = view(schedule, type, r);
      synchronized (this) {
        runs.put(key, view);
        while (runs.size() > KEEP) runs.remove(runs.keySet().iterator().next());
      }
      if (view.finishedAt() != null) {
        metrics.count("pos_runs_total", "Runs finished (or skipped) per schedule and status", 1,
            "schedule", schedule, "status", view.status());
      }
    }
  }

  private RunView view(String schedule, String type, RunRecord r) {
    String kind = type;
    Long duration = r.finishedAt() == null ? null : r.finishedAt() - r.scheduledAt();
    Map<String, Long> steps = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    Long events = null;
    Long newest = null;
    Long freshness = null;
    if (RunRecord.COMPLETED.equals(r.status()) && r.workflowId() != null) {
      try {
        if ("etl".equals(kind)) {
          EtlRunSummary s = client.newUntypedWorkflowStub(r.workflowId())
              .getResult(2, TimeUnit.SECONDS, EtlRunSummary.class);
          events = s.bronze().stream().mapToLong(BronzeResult::records).sum();
          steps.putAll(s.stepMillis());
          counts.put("raw_inventory_change", events);
          if (s.silver() != null) {
            counts.put("inventory_change", s.silver().changeRows());
            counts.put("rejected_inventory_change", s.silver().rejected());
            counts.put("duplicates_dropped", s.silver().duplicatesDropped());
          }
          if (s.snapshots() != null) {
            counts.put("inventory_snapshot", s.snapshots().rows());
            counts.put("rejected_snapshot_row", s.snapshots().rejected());
          }
          if (s.gold() != null) counts.put("current_inventory", s.gold().rowsUpserted());
          counts.put("kafka_lag_after", s.remainingLag());
          synchronized (this) {
            if (s.gold() != null) newestGoldEvent = Math.max(newestGoldEvent, s.gold().newestEventMillis());
            if (newestGoldEvent > 0) {
              newest = newestGoldEvent;
              long source = generatorClock > 0 ? generatorClock : r.finishedAt();
              freshness = Math.max(0, source - newestGoldEvent);
            }
          }
          recordEtl(s, freshness);
        } else if ("generator".equals(kind)) {
          GenerateResult g = client.newUntypedWorkflowStub(r.workflowId())
              .getResult(2, TimeUnit.SECONDS, GenerateResult.class);
          events = g.transactions();
          counts.put("transactions", g.transactions());
          counts.put("messages", g.messages());
          counts.put("lines", g.lines());
          counts.put("recount_files", g.recountFiles());
          synchronized (this) {
            generatorClock = Math.max(generatorClock, parseInstant(g.intervalEnd()));
          }
          metrics.count("pos_generator_transactions_total", "Transactions the generator published", g.transactions());
          metrics.count("pos_generator_messages_total", "Kafka messages the generator published", g.messages());
          metrics.count("pos_generator_recount_files_total", "Recount files the generator wrote", g.recountFiles());
        }
      } catch (Exception e) {
        LOG.debug("no result for {}: {}", r.workflowId(), e.toString());
        if (r.finishedAt() != null && resultFailures.merge(r.workflowId(), 1, Integer::sum) < RESULT_ATTEMPTS) {
          // keep it open so that the next poll tries again (a few times, then show it without counts)
          return new RunView(schedule, kind, r.workflowId(), r.reason(), r.status(), r.message(), r.scheduledAt(),
              null, duration, null, steps, counts, null, null);
        }
      }
    }
    return new RunView(schedule, kind, r.workflowId(), r.reason(), r.status(), r.message(), r.scheduledAt(),
        r.finishedAt(), duration, events, steps, counts, newest, freshness);
  }

  private void recordEtl(EtlRunSummary s, Long freshness) {
    long records = s.bronze().stream().mapToLong(BronzeResult::records).sum();
    metrics.count("pos_events_in_total", "Kafka records ingested into bronze", records);
    metrics.count("pos_rows_written_total", "Rows written per table", records, "table", "raw_inventory_change");
    if (s.silver() != null) {
      metrics.count("pos_rows_written_total", "Rows written per table", s.silver().changeRows(),
          "table", "inventory_change");
      s.silver().rejectsByReason().forEach((reason, n) -> metrics.count("pos_rejects_total",
          "Rejected records per table and reason", n, "table", "rejected_inventory_change", "reason", reason));
      metrics.count("pos_duplicates_dropped_total", "Re-delivered message parts dropped by silver",
          s.silver().duplicatesDropped());
    }
    if (s.snapshots() != null) {
      metrics.count("pos_rows_written_total", "Rows written per table", s.snapshots().rows(),
          "table", "inventory_snapshot");
      s.snapshots().rejectsByReason().forEach((reason, n) -> metrics.count("pos_rejects_total",
          "Rejected records per table and reason", n, "table", "rejected_snapshot_row", "reason", reason));
    }
    if (s.gold() != null) {
      metrics.count("pos_rows_written_total", "Rows written per table", s.gold().rowsUpserted(),
          "table", "current_inventory");
    }
    s.stepMillis().forEach((step, ms) -> metrics.time("pos_etl_step_duration", "Wall time of an ETL step", ms,
        "step", step));
    metrics.time("pos_etl_run_duration", "Wall time of an ETL run", s.totalMillis());
    metrics.gauge("pos_etl_remaining_lag_records", "Kafka records left for the next ETL run", s.remainingLag());
    if (freshness != null) {
      metrics.gauge("pos_gold_freshness_seconds", "Source time minus the newest event in gold", freshness / 1000);
    }
  }

  private static long parseInstant(String s) {
    if (s == null || s.isBlank()) return 0;
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (RuntimeException e) {
      try {
        return java.time.OffsetDateTime.parse(s).toInstant().toEpochMilli();
      } catch (RuntimeException e2) {
        return 0;
      }
    }
  }
}
