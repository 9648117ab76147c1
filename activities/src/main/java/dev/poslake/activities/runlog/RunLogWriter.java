package dev.poslake.activities.runlog;

import static dev.poslake.catalog.tables.PipelineRunsTable.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldFreshness;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.PipelineRunsTable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes run log rows into {@code pipeline_runs}: one small data file and one append commit per call (runs
 * happen every few minutes), retried on commit conflicts with concurrent writers. No Temporal dependency.
 */
public final class RunLogWriter {
  static final int COMMIT_ATTEMPTS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RunLogWriter.class);

  private final PipelineResources resources;

  public RunLogWriter(PipelineResources resources) {
    this.resources = resources;
  }

  public void append(List<RunLogEntry> entries, String worker) {
    if (entries.isEmpty()) return;
    Long freshness = null;
    for (RunLogEntry e : entries) {
      if (e.isRun() && RunLogEntry.ETL.equals(e.kind())) {
        freshness = freshnessSeconds();
        break;
      }
    }
    CommitFailedException last = null;
    for (int attempt = 1; attempt <= COMMIT_ATTEMPTS; attempt++) {
      Table table = table();
      RecordAppender.Result written;
      try (RecordAppender out = RecordAppender.forTable(table)) {
        for (RunLogEntry e : entries) out.write(toRecord(table, e, worker, e.isRun() ? freshness : null));
        written = out.complete();
      }
      try {
        Commits.append(table, written.dataFiles(), Map.of("pos.run-log.rows", String.valueOf(entries.size())));
        return;
      } catch (CommitFailedException e) {
        last = e;
        for (DataFile f : written.dataFiles()) table.io().deleteFile(f.location());
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  /** Gold freshness now, null if gold is empty or it cannot be measured: the run's row matters more. */
  private Long freshnessSeconds() {
    try {
      return GoldFreshness.measure(resources).map(GoldFreshness::seconds).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("gold freshness not measured for the run log: {}", e.toString());
      return null;
    }
  }

  /** Start-up creates every table; created here only if missing, so the run log never depends on that. */
  private Table table() {
    try {
      return resources.catalog().loadTable(resources.table(PipelineRunsTable.NAME));
    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
      return PipelineRunsTable.DEFINITION.ensure(resources.catalog(), resources.namespace());
    }
  }

  private static GenericRecord toRecord(Table table, RunLogEntry e, String worker, Long freshness) {
    GenericRecord r = GenericRecord.create(table.schema());
    r.setField(RUN_ID, e.runId());
    r.setField(WORKFLOW_ID, e.workflowId());
    r.setField(KIND, e.kind());
    r.setField(STEP, e.step());
    r.setField(SCHEDULED_AT, time(e.scheduledAt()));
    r.setField(STARTED_AT, time(e.startedAt()));
    r.setField(FINISHED_AT, time(e.finishedAt()));
    r.setField(STATUS, e.status());
    r.setField(ATTEMPT, e.attempt());
    r.setField(ERROR, e.error());
    r.setField(OFFSETS, e.offsets() == null ? null : json(new TreeMap<>(e.offsets())));
    r.setField(ROWS_IN, e.rowsIn());
    r.setField(ROWS_OUT, e.rowsOut());
    r.setField(REJECTS, e.rejects() == null ? null : json(new TreeMap<>(e.rejects())));
    r.setField(GOLD_FRESHNESS_SECONDS, freshness);
    r.setField(WORKER, worker);
    r.setField(LOST_OFFSETS, e.lostOffsets());
    r.setField(NOTE, e.note());
    return r;
  }

  private static OffsetDateTime time(Long millis) {
    return millis == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
