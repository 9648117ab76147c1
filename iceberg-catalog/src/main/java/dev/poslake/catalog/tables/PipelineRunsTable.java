package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/**
 * Operations: one row per pipeline run and step (generator and ETL) and per operator action on the pipeline's
 * state (kind ops), for monitoring and audit.
 */
public final class PipelineRunsTable {
  private PipelineRunsTable() {}

  public static final String NAME = "pipeline_runs";
  public static final String RUN_ID = "run_id";
  public static final String WORKFLOW_ID = "workflow_id";
  public static final String KIND = "kind";
  public static final String STEP = "step";
  public static final String SCHEDULED_AT = "scheduled_at";
  public static final String STARTED_AT = "started_at";
  public static final String FINISHED_AT = "finished_at";
  public static final String STATUS = "status";
  public static final String ATTEMPT = "attempt";
  public static final String ERROR = "error";
  public static final String OFFSETS = "offsets";
  public static final String ROWS_IN = "rows_in";
  public static final String ROWS_OUT = "rows_out";
  public static final String REJECTS = "rejects";
  public static final String GOLD_FRESHNESS_SECONDS = "gold_freshness_seconds";
  public static final String WORKER = "worker";
  public static final String LOST_OFFSETS = "lost_offsets";
  public static final String NOTE = "note";

  public static final Schema SCHEMA = new Schema(
      required(1, RUN_ID, Types.StringType.get(), "Temporal run id"),
      required(2, WORKFLOW_ID, Types.StringType.get(), "Temporal workflow id"),
      required(3, KIND, Types.StringType.get(), "generator, etl, or ops (an operator's action on the pipeline)"),
      optional(4, STEP, Types.StringType.get(), "step (activity) name; null for the whole run"),
      optional(5, SCHEDULED_AT, Types.TimestampType.withZone(), "schedule time of the run"),
      optional(6, STARTED_AT, Types.TimestampType.withZone(), "start"),
      optional(7, FINISHED_AT, Types.TimestampType.withZone(), "end"),
      required(8, STATUS, Types.StringType.get(), "e.g. running, succeeded, failed, skipped"),
      optional(9, ATTEMPT, Types.IntegerType.get(), "activity attempt"),
      optional(10, ERROR, Types.StringType.get(), "error message when failed"),
      optional(11, OFFSETS, Types.StringType.get(), "Kafka offset ranges covered (JSON)"),
      optional(12, ROWS_IN, Types.LongType.get(), "rows read"),
      optional(13, ROWS_OUT, Types.LongType.get(), "rows written"),
      optional(14, REJECTS, Types.StringType.get(), "reject counts by reason (JSON)"),
      optional(15, GOLD_FRESHNESS_SECONDS, Types.LongType.get(),
          "source time (generator clock, else wall clock) minus the newest event in gold, after an ETL run"),
      optional(16, WORKER, Types.StringType.get(), "worker identity"),
      optional(17, LOST_OFFSETS, Types.LongType.get(),
          "Kafka offsets deleted by retention before bronze read them, skipped with the operator's consent"),
      optional(18, NOTE, Types.StringType.get(), "ops rows: who did it and why"));

  /** month(started_at): a few hundred small rows a day; months keep partitions few and retention simple. */
  public static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).month(STARTED_AT).build();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(STARTED_AT).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "ops",
      "Operations: pipeline runs and steps with their metrics", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of()));
}
