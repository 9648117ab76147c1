package dev.poslake.worker.bench;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.catalog.tables.TableDefinition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Files and bytes each table gained between two points, from the Iceberg snapshot summaries (added-data-files,
 * added-files-size, added-records). Compaction ({@code replace}) commits are counted apart: they belong to the
 * maintenance step.
 */
final class TableWrites {
  /** Added by the non-replace commits, and rewritten by compaction. */
  record Written(long files, long bytes, long records, long compactedFiles, long compactedBytes) {
    static final Written NONE = new Written(0, 0, 0, 0, 0);

    Written plus(Written o) {
      return new Written(files + o.files, bytes + o.bytes, records + o.records, compactedFiles + o.compactedFiles,
          compactedBytes + o.compactedBytes);
    }
  }

  private final PipelineResources res;
  private final Map<String, Set<Long>> seen = new HashMap<>();

  TableWrites(PipelineResources res) {
    this.res = res;
    for (TableDefinition t : PosTables.ALL) seen.put(t.name(), ids(load(t.name())));
  }

  /** What each table gained since the previous call (or construction). */
  Map<String, Written> sinceLast() {
    Map<String, Written> out = new HashMap<>();
    for (TableDefinition def : PosTables.ALL) {
      Table t = load(def.name());
      Set<Long> before = seen.get(def.name());
      Written w = Written.NONE;
      for (Snapshot s : t.snapshots()) {
        if (before.contains(s.snapshotId())) continue;
        Map<String, String> sum = s.summary();
        long files = num(sum, "added-data-files");
        long bytes = num(sum, "added-files-size");
        long records = num(sum, "added-records");
        w = w.plus(DataOperations.REPLACE.equals(s.operation())
            ? new Written(0, 0, 0, files, bytes) : new Written(files, bytes, records, 0, 0));
      }
      out.put(def.name(), w);
      seen.put(def.name(), ids(t));
    }
    return out;
  }

  private Table load(String name) {
    Table t = res.catalog().loadTable(res.table(name));
    t.refresh();
    return t;
  }

  private static Set<Long> ids(Table t) {
    Set<Long> ids = new HashSet<>();
    for (Snapshot s : t.snapshots()) ids.add(s.snapshotId());
    return ids;
  }

  private static long num(Map<String, String> summary, String key) {
    String v = summary == null ? null : summary.get(key);
    return v == null ? 0 : Long.parseLong(v);
  }
}
