package dev.poslake.ops.metrics;

import dev.poslake.ops.runs.RunRow;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pipeline metrics of runs and steps, fed with every {@code pipeline_runs} row once (by the run log feed),
 * so that /metrics, the ops page and `pos ops runs` have one source. Counters are totals over the run log
 * (the first read of the table counts its history), so a restart does not reset them.
 */
public final class RunLogMetrics implements Consumer<RunRow> {
  /** ETL step -> the table its rows_out are written to. */
  private static final Map<String, String> STEP_TABLES = Map.of("bronze", "raw_inventory_change",
      "silver", "inventory_change", "snapshots", "inventory_snapshot", "gold", "current_inventory");
  private static final Map<String, String> REJECT_TABLES = Map.of("silver", "rejected_inventory_change",
      "snapshots", "rejected_snapshot_row");

  private final PipelineMetrics metrics;

  public RunLogMetrics(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void accept(RunRow r) {
    if (r.lostData() && r.isRun()) { // an ETL run that skipped them, or an acknowledgment (kind ops)
      metrics.count("pos_kafka_offsets_lost_total", "Kafka offsets deleted by retention before bronze read them, "
          + "skipped with the operator's consent (setting or pos ops acknowledge-loss)", r.lostOffsets());
    }
    if (r.isRun()) {
      run(r);
    } else if ("etl".equals(r.kind())) {
      etlStep(r);
    }
  }

  private void run(RunRow r) {
    metrics.count("pos_runs_total", "Runs ended per kind and status (from pipeline_runs)", 1,
        "kind", r.kind(), "status", r.status());
    if ("etl".equals(r.kind())) {
      if (r.rowsIn() != null) metrics.count("pos_events_in_total", "Kafka records ingested into bronze", r.rowsIn());
      if (r.millis() != null) metrics.time("pos_etl_run_duration", "Wall time of an ETL run", r.millis());
    } else if ("generator".equals(r.kind())) {
      if (r.rowsIn() != null) {
        metrics.count("pos_generator_lines_total", "Item lines the generator simulated", r.rowsIn());
      }
      if (r.rowsOut() != null) {
        metrics.count("pos_generator_messages_total", "Kafka messages the generator published", r.rowsOut());
      }
    }
  }

  private void etlStep(RunRow r) {
    if (r.millis() != null) {
      metrics.time("pos_etl_step_duration", "Wall time of an ETL step", r.millis(), "step", r.step());
    }
    String table = STEP_TABLES.get(r.step());
    if (table != null && r.rowsOut() != null) {
      metrics.count("pos_rows_written_total", "Rows written per table", r.rowsOut(), "table", table);
    }
    String rejectTable = REJECT_TABLES.get(r.step());
    Map<String, Long> rejects = r.rejectsByReason();
    if (rejectTable != null && rejects != null) {
      rejects.forEach((reason, n) -> metrics.count("pos_rejects_total", "Rejected records per table and reason", n,
          "table", rejectTable, "reason", reason));
    }
  }
}
