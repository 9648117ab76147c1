package dev.poslake.ops.runs;

import dev.poslake.catalog.io.TableReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the run log {@code pipeline_runs} as it grows: the first poll reads the table, later polls only the
 * files appended since (the table is append-only). Keeps the newest {@link #KEEP} runs with their step rows
 * and hands every row, once, to a listener (the pipeline metrics).
 */
public final class RunLogFeed {
  private static final Logger LOG = LoggerFactory.getLogger(RunLogFeed.class);
  public static final int KEEP = 500;

  private final Table table;
  private final Consumer<RunRow> listener;
  /** run id -> its rows; insertion order = first seen */
  private final Map<String, List<RunRow>> runs = new LinkedHashMap<>();
  private Long readUpTo;

  public RunLogFeed(Table pipelineRuns, Consumer<RunRow> listener) {
    this.table = pipelineRuns;
    this.listener = listener;
  }

  /** Reads what was appended since the last poll. */
  public synchronized void poll() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null || (readUpTo != null && readUpTo == current.snapshotId())) return;
    TableReader reader = readUpTo == null ? TableReader.of(table).snapshot(current.snapshotId())
        : TableReader.of(table).appendsBetween(readUpTo, current.snapshotId());
    List<RunRow> rows = new ArrayList<>();
    try {
      reader.forEach(r -> rows.add(RunLogQuery.row(r)));
    } catch (RuntimeException e) {
      if (readUpTo == null) throw e;
      // e.g. the snapshot we read up to was expired: read everything again, without re-feeding the listener
      LOG.warn("re-reading {} from scratch: {}", table.name(), e.toString());
      runs.clear();
      readUpTo = null;
      TableReader.of(table).snapshot(current.snapshotId()).forEach(r -> add(RunLogQuery.row(r)));
      readUpTo = current.snapshotId();
      return;
    }
    // a run's step rows are committed concurrently with each other: feed them in time order
    rows.sort(Comparator.comparing(RunRow::finishedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    for (RunRow row : rows) {
      add(row);
      listener.accept(row);
    }
    readUpTo = current.snapshotId();
  }

  private void add(RunRow row) {
    runs.computeIfAbsent(row.runId(), k -> new ArrayList<>()).add(row);
    while (runs.size() > KEEP) runs.remove(runs.keySet().iterator().next());
  }

  /** The newest runs (by start), newest first: each with its rows, run row last if the run has ended. */
  public synchronized List<List<RunRow>> recent(int limit) {
    List<List<RunRow>> out = new ArrayList<>();
    for (List<RunRow> rows : runs.values()) {
      List<RunRow> copy = new ArrayList<>(rows);
      copy.sort(Comparator.comparing((RunRow r) -> r.isRun())
          .thenComparing(RunRow::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
      out.add(copy);
    }
    out.sort(Comparator.comparing(RunLogFeed::start, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
    return out.subList(0, Math.min(limit, out.size()));
  }

  private static Instant start(List<RunRow> rows) {
    Instant min = null;
    for (RunRow r : rows) {
      if (r.startedAt() != null && (min == null || r.startedAt().isBefore(min))) min = r.startedAt();
    }
    return min;
  }
}
