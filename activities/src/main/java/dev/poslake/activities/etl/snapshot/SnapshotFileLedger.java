package dev.poslake.activities.etl.snapshot;

import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Table;

/**
 * The {@code ingested_snapshot_file} ledger, read whole once per plan (a few rows per store and recount). A file
 * version is identified by key + content SHA-256; the ETag is kept to skip unchanged objects without reading them.
 * Rows are appended by {@link RecountGroupIngest}, one commit per file group.
 */
final class SnapshotFileLedger {
  record Entry(String key, String etag, String sha256) {}

  private final Map<String, List<Entry>> byKey = new HashMap<>();

  private SnapshotFileLedger() {}

  static SnapshotFileLedger load(Table table) {
    SnapshotFileLedger l = new SnapshotFileLedger();
    TableReader.of(table).select(IngestedSnapshotFileTable.SOURCE_FILE, IngestedSnapshotFileTable.ETAG,
        IngestedSnapshotFileTable.SHA256).forEach(r -> l.remember(new Entry(
            (String) r.getField(IngestedSnapshotFileTable.SOURCE_FILE), (String) r.getField(IngestedSnapshotFileTable.ETAG),
            (String) r.getField(IngestedSnapshotFileTable.SHA256))));
    return l;
  }

  private void remember(Entry e) {
    byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
  }

  /** True if this exact object (key and ETag) was already recorded: skip without reading. */
  boolean hasEtag(String key, String etag) {
    return etag != null && byKey.getOrDefault(key, List.of()).stream().anyMatch(e -> etag.equals(e.etag()));
  }

  /** Content hashes of the versions of this key already ingested, sorted. */
  Set<String> sha256s(String key) {
    Set<String> out = new TreeSet<>();
    for (Entry e : byKey.getOrDefault(key, List.of())) out.add(e.sha256());
    return out;
  }
}
