package dev.poslake.ops.runs;

import static dev.poslake.catalog.tables.PipelineRunsTable.*;

import dev.poslake.catalog.io.TableReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;

/** Reads the run log {@code pipeline_runs}: recent runs, a run's steps. */
public final class RunLogQuery {
  private final Table table;

  /** Each query reads the table's current snapshot (the instance can be kept). */
  public RunLogQuery(Catalog catalog, TableIdentifier pipelineRuns) {
    this.table = catalog.loadTable(pipelineRuns);
  }

  /**
   * Runs (not steps), newest last, at most {@code last} (0: all).
   *
   * @param kind generator, etl, or null for both
   */
  public List<RunRow> runs(String kind, int last) {
    TableReader r = TableReader.of(fresh()).where(Expressions.isNull(STEP));
    if (kind != null) r.where(Expressions.equal(KIND, kind));
    List<RunRow> rows = read(r);
    return last > 0 && rows.size() > last ? rows.subList(rows.size() - last, rows.size()) : rows;
  }

  /** All rows (run and steps) of a run, by Temporal run id or workflow id, in time order. */
  public List<RunRow> run(String runOrWorkflowId) {
    return read(TableReader.of(fresh()).where(Expressions.or(Expressions.equal(RUN_ID, runOrWorkflowId),
        Expressions.equal(WORKFLOW_ID, runOrWorkflowId))));
  }

  /** The newest run of the kind, if any. */
  public Optional<RunRow> lastRun(String kind) {
    List<RunRow> r = runs(kind, 1);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  /** Rows that record lost Kafka offsets (runs that skipped them, acknowledgments), newest last. */
  public List<RunRow> dataLoss() {
    return read(TableReader.of(fresh()).where(Expressions.greaterThan(LOST_OFFSETS, 0L)));
  }

  /** Every row, in time order. */
  public List<RunRow> all() {
    return read(TableReader.of(fresh()));
  }

  private Table fresh() {
    table.refresh();
    return table;
  }

  private static List<RunRow> read(TableReader reader) {
    List<RunRow> rows = new ArrayList<>();
    reader.forEach(rec -> rows.add(row(rec)));
    // finished_at orders a run's row after its steps; started_at breaks ties
    rows.sort(Comparator.comparing((RunRow x) -> x.finishedAt() == null ? Instant.MAX : x.finishedAt())
        .thenComparing(x -> x.startedAt() == null ? Instant.MAX : x.startedAt()));
    return rows;
  }

  static RunRow row(Record r) {
    return new RunRow((String) r.getField(RUN_ID), (String) r.getField(WORKFLOW_ID), (String) r.getField(KIND),
        (String) r.getField(STEP), time(r.getField(SCHEDULED_AT)), time(r.getField(STARTED_AT)),
        time(r.getField(FINISHED_AT)), (String) r.getField(STATUS), (Integer) r.getField(ATTEMPT),
        (String) r.getField(ERROR), (String) r.getField(OFFSETS), (Long) r.getField(ROWS_IN),
        (Long) r.getField(ROWS_OUT), (String) r.getField(REJECTS), (Long) r.getField(GOLD_FRESHNESS_SECONDS),
        (String) r.getField(WORKER), (Long) r.getField(LOST_OFFSETS), (String) r.getField(NOTE));
  }

  private static Instant time(Object o) {
    return o == null ? null : ((OffsetDateTime) o).toInstant();
  }
}
