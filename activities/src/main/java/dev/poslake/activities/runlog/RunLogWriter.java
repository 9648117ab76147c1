package dev.poslake.activities.runlog;

import static dev.poslake.catalog.tables.PipelineRunsTable.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldFreshness;
import dev.poslake.activities.etl.io.ValidatedAppend;
import dev.poslake.activities.generator.GeneratorClock;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.PipelineRunsTable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes run log rows into {@code pipeline_runs}: one small data file and one append commit per call (runs
 * happen every few minutes), retried on commit conflicts with concurrent writers. No Temporal dependency.
 *
 * <p>Exactly once: a retried activity (its first attempt committed, then timed out or lost its worker) calls
 * {@link #append} again with the same entries. Each commit records the key of its rows ({@link #appendKey}) in
 * its snapshot summary, and an append first looks for its key in the current snapshot and its ancestors
 * (compaction's replace snapshots copy {@code pos.} keys, which is harmless for this check). The commit is a
 * {@link ValidatedAppend} from the snapshot that check read, so two attempts running at once cannot both
 * commit: the second one's commit fails validation, re-checks, and finds the first one's key.
 */
public final class RunLogWriter {
  static final int COMMIT_ATTEMPTS = 20;
  /** Summary key: the key of the rows the commit appended ({@link #appendKey}). */
  public static final String APPEND_KEY = "pos.run-log.append";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RunLogWriter.class);

  private final PipelineResources resources;

  public RunLogWriter(PipelineResources resources) {
    this.resources = resources;
  }

  /**
   * What the entries are, e.g. {@code <run id>/silver,<run id>/(run)}: a workflow run writes each of its steps
   * and its own row once, so a second append with the same key is a retry of the first.
   */
  static String appendKey(List<RunLogEntry> entries) {
    return entries.stream().map(e -> e.runId() + "/" + (e.isRun() ? "(run)" : e.step()))
        .collect(Collectors.joining(","));
  }

  public void append(List<RunLogEntry> entries, String worker) {
    if (entries.isEmpty()) return;
    String key = appendKey(entries);
    Table table = table();
    if (carries(table, key)) {
      LOG.info("run log rows {} already written (a retried attempt): nothing to do", key);
      return;
    }
    Long freshness = null;
    for (RunLogEntry e : entries) {
      if (e.isRun() && RunLogEntry.ETL.equals(e.kind())) {
        freshness = freshnessSeconds();
        break;
      }
    }
    RecordAppender.Result written;
    try (RecordAppender out = RecordAppender.forTable(table)) {
      for (RunLogEntry e : entries) out.write(toRecord(table, e, worker, e.isRun() ? freshness : null));
      written = out.complete();
    }
    Map<String, String> summary = Map.of(APPEND_KEY, key, "pos.run-log.rows", String.valueOf(entries.size()));
    RuntimeException last = null;
    for (int attempt = 1; attempt <= COMMIT_ATTEMPTS; attempt++) {
      if (attempt > 1) table.refresh();
      Snapshot base = table.currentSnapshot();
      if (carries(table, key)) { // a concurrent attempt committed these rows since our first check
        LOG.info("run log rows {} written meanwhile by another attempt: nothing to do", key);
        deleteFiles(table, written.dataFiles());
        return;
      }
      try {
        if (ValidatedAppend.commit(table, base, written.dataFiles(), summary)) return;
        last = new CommitFailedException("rows appended concurrently, %d attempts", attempt);
      } catch (CommitFailedException e) {
        last = e;
      }
      try {
        Thread.sleep(ThreadLocalRandom.current().nextLong(20, 50L * attempt + 21));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    deleteFiles(table, written.dataFiles());
    throw last;
  }

  /** True if the current snapshot or one of its ancestors carries the key. */
  private static boolean carries(Table table, String key) {
    Snapshot current = table.currentSnapshot();
    if (current == null) return false;
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (key.equals(s.summary().get(APPEND_KEY))) return true;
    }
    return false;
  }

  private static void deleteFiles(Table table, List<DataFile> files) {
    for (DataFile f : files) table.io().deleteFile(f.location());
  }

  /** Gold freshness now, null if gold is empty or it cannot be measured: the run's row matters more. */
  private Long freshnessSeconds() {
    try {
      return GoldFreshness.measure(resources, new GeneratorClock(resources.objectStore()))
          .map(GoldFreshness::seconds).orElse(null);
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
