package dev.poslake.activities.etl.snapshot;

import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
  private final Map<String, List<Entry>> byKey = new HashMap<>();

  private SnapshotFileLedger(Table table) {
    this.table = table;
  }

  static SnapshotFileLedger load(Table table) {
    SnapshotFileLedger l = new SnapshotFileLedger(table);
    TableReader.of(table).forEach(r -> l.remember(new Entry((String) r.getField(IngestedSnapshotFileTable.SOURCE_FILE),
        (String) r.getField(IngestedSnapshotFileTable.ETAG), (String) r.getField(IngestedSnapshotFileTable.SHA256))));
    return l;
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

  /** Appends one ledger row in its own commit (the last commit of a file's ingest: it marks the file done). */
  void record(String key, String etag, String sha256, long size, long rows, long rejected) {
    Record r = GenericRecord.create(table.schema());
    r.setField(IngestedSnapshotFileTable.SOURCE_FILE, key);
    r.setField(IngestedSnapshotFileTable.ETAG, etag);
    r.setField(IngestedSnapshotFileTable.SHA256, Objects.requireNonNull(sha256));
    r.setField(IngestedSnapshotFileTable.SIZE_BYTES, size);
    r.setField(IngestedSnapshotFileTable.ROWS, rows);
    r.setField(IngestedSnapshotFileTable.REJECTED, rejected);
    r.setField(IngestedSnapshotFileTable.INGESTED_AT, SnapshotRecords.utc(Instant.now()));
    try (RecordAppender out = RecordAppender.forTable(table)) {
      out.write(r);
      Commits.append(table, out.complete().dataFiles(),
          Map.of(SnapshotSummaryKeys.SOURCE_FILE, key, SnapshotSummaryKeys.SOURCE_SHA256, sha256));
    }
    remember(new Entry(key, etag, sha256));
  }
}
