package dev.poslake.activities.etl.snapshot;

import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * The {@code ingested_snapshot_file} ledger, read whole once per run (a few rows per store and recount). A file
 * version is identified by key + content SHA-256; the ETag is kept to skip unchanged objects without reading them.
 */
final class SnapshotFileLedger {
  record Entry(String key, String etag, String sha256) {}

  private final Table table;
  private final Consumer<String> beforeCommit;
  private final Map<String, List<Entry>> byKey = new HashMap<>();

  private SnapshotFileLedger(Table table, Consumer<String> beforeCommit) {
    this.table = table;
    this.beforeCommit = beforeCommit;
  }

  /** @param beforeCommit test seam, see {@link SnapshotIngest#beforeCommit} */
  static SnapshotFileLedger load(Table table, Consumer<String> beforeCommit) {
    SnapshotFileLedger l = new SnapshotFileLedger(table, beforeCommit);
    TableReader.of(table).forEach(r -> l.remember(new Entry((String) r.getField(IngestedSnapshotFileTable.SOURCE_FILE),
        (String) r.getField(IngestedSnapshotFileTable.ETAG), (String) r.getField(IngestedSnapshotFileTable.SHA256))));
    return l;
  }

  /** The keys a ledger commit carries, to recognise one for the same row. */
  private static Map<String, String> recordKeys(Map<String, String> summary) {
    Map<String, String> out = new HashMap<>();
    for (String k : List.of(SnapshotSummaryKeys.SOURCE_FILE, SnapshotSummaryKeys.SOURCE_SHA256,
        SnapshotSummaryKeys.SOURCE_ETAG)) {
      if (summary.containsKey(k)) out.put(k, summary.get(k));
    }
    return out;
  }

  private void remember(Entry e) {
    byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
  }

  /** True if this exact object (key and ETag) was already recorded: skip without reading. */
  boolean hasEtag(String key, String etag) {
    return etag != null && byKey.getOrDefault(key, List.of()).stream().anyMatch(e -> etag.equals(e.etag()));
  }

  /** Content hashes of the versions of this key already ingested. */
  Set<String> sha256s(String key) {
    return byKey.getOrDefault(key, List.of()).stream().map(Entry::sha256).collect(Collectors.toSet());
  }

  boolean hasVersion(String key, String sha256) {
    return sha256s(key).contains(sha256);
  }

  /**
   * Appends one ledger row in its own commit (the last commit of a file's ingest: it marks the file done), unless a
   * racing attempt recorded the same version and ETag first.
   */
  void record(String key, String etag, String sha256, long size, long rows, long rejected) {
    Record r = GenericRecord.create(table.schema());
    r.setField(IngestedSnapshotFileTable.SOURCE_FILE, key);
    r.setField(IngestedSnapshotFileTable.ETAG, etag);
    r.setField(IngestedSnapshotFileTable.SHA256, Objects.requireNonNull(sha256));
    r.setField(IngestedSnapshotFileTable.SIZE_BYTES, size);
    r.setField(IngestedSnapshotFileTable.ROWS, rows);
    r.setField(IngestedSnapshotFileTable.REJECTED, rejected);
    r.setField(IngestedSnapshotFileTable.INGESTED_AT, SnapshotRecords.utc(Instant.now()));
    Map<String, String> summary = new HashMap<>(Map.of(SnapshotSummaryKeys.SOURCE_FILE, key,
        SnapshotSummaryKeys.SOURCE_SHA256, sha256));
    if (etag != null) summary.put(SnapshotSummaryKeys.SOURCE_ETAG, etag);
    try (RecordAppender out = RecordAppender.forTable(table)) {
      out.write(r);
      boolean committed = Commits.appendOnce(table, out.complete().dataFiles(), summary,
          t -> SnapshotProperties.latestSnapshotWith(t, s -> summary.equals(recordKeys(s.summary()))).isPresent(),
          () -> beforeCommit.accept(table.name()));
      if (!committed) out.abort();
    }
    remember(new Entry(key, etag, sha256));
  }
}
