package dev.poslake.ops.web;

import dev.poslake.ops.runs.RunRow;
import dev.poslake.ops.schedules.ScheduleKinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run as the page and {@code GET /api/runs} show it, built from its {@code pipeline_runs} rows.
 *
 * @param kind            {@code etl} or {@code generator}
 * @param status          the run row's status (succeeded, failed), or running while only step rows exist
 * @param events          events in: Kafka records read into bronze (ETL) or Kafka messages published (generator)
 * @param stepMillis      wall time per step in execution order
 * @param counts          rows written per table and rejects (ETL), item lines and messages (generator)
 * @param freshnessMillis gold freshness recorded after the run (ETL), null if unknown
 */
public record RunView(String schedule, String kind, String workflowId, String runId, String worker, String status,
    String message, Long scheduledAt, Long startedAt, Long finishedAt, Long durationMillis, Long events,
    Map<String, Long> stepMillis, Map<String, Long> counts, Long freshnessMillis) {
  public static final String RUNNING = "running";

  /** @param rows one run's rows: its steps in start order, then its run row if it has ended */
  public static RunView of(List<RunRow> rows) {
    RunRow first = rows.get(0);
    RunRow run = rows.stream().filter(RunRow::isRun).findFirst().orElse(null);
    Map<String, Long> steps = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (RunRow r : rows) {
      if (r.isRun()) continue;
      if (r.millis() != null) steps.put(r.step(), r.millis());
      switch (r.step()) {
        case "bronze" -> put(counts, "raw_inventory_change", r.rowsOut());
        case "silver" -> {
          put(counts, "inventory_change", r.rowsOut());
          put(counts, "rejected_inventory_change", total(r.rejectsByReason()));
        }
        case "snapshots" -> {
          put(counts, "inventory_snapshot", r.rowsOut());
          put(counts, "rejected_snapshot_row", total(r.rejectsByReason()));
        }
        case "gold" -> put(counts, "current_inventory", r.rowsOut());
        case "generate" -> {
          put(counts, "lines", r.rowsIn());
          put(counts, "messages", r.rowsOut());
        }
        default -> { }
      }
    }
    String kind = first.kind();
    Long events = run == null ? null : ScheduleKinds.ETL.equals(kind) ? run.rowsIn() : run.rowsOut();
    String schedule;
    try {
      schedule = ScheduleKinds.scheduleId(kind);
    } catch (IllegalArgumentException unknown) {
      schedule = kind;
    }
    return new RunView(schedule, kind, first.workflowId(), first.runId(),
        run != null ? run.worker() : first.worker(), run == null ? RUNNING : run.status(),
        run == null ? null : run.error(), millis(first.scheduledAt()),
        millis(run != null ? run.startedAt() : first.startedAt()), run == null ? null : millis(run.finishedAt()),
        run == null ? null : run.millis(), events, steps, counts,
        run == null || run.goldFreshnessSeconds() == null ? null : run.goldFreshnessSeconds() * 1000);
  }

  private static void put(Map<String, Long> counts, String key, Long value) {
    if (value != null) counts.put(key, value);
  }

  private static Long total(Map<String, Long> rejects) {
    return rejects == null ? null : rejects.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Long millis(java.time.Instant i) {
    return i == null ? null : i.toEpochMilli();
  }
}
