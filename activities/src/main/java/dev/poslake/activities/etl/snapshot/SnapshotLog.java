package dev.poslake.activities.etl.snapshot;

import dev.poslake.catalog.io.SnapshotProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What was appended to {@code inventory_snapshot} between two of its snapshots, read from the commit summaries
 * alone (each commit names the file versions and stores it holds, see {@link SnapshotSummaryKeys}): the source
 * files and stores. Compactions ({@code replace}: the same rows in new files) add nothing and are passed over.
 *
 * @param complete false if {@code fromExclusive} is not an ancestor of {@code to} (expired, rolled back) or a
 *                 commit in the range lacks our summary (written by someone else): callers then fall back to
 *                 treating everything as new, which is always correct, only slower
 */
public record SnapshotLog(boolean complete, Set<String> files, Set<Integer> stores, List<Long> snapshotIds) {

  /** Commits in (fromExclusive, to]; {@code fromExclusive == null} means from the table's first commit. */
  public static SnapshotLog between(Table inventorySnapshot, Long fromExclusive, long to) {
    Set<String> files = new TreeSet<>();
    Set<Integer> stores = new TreeSet<>();
    List<Long> ids = new ArrayList<>();
    boolean complete = true;
    boolean reachedFrom = fromExclusive == null;
    for (Snapshot s : SnapshotUtil.ancestorsOf(to, inventorySnapshot::snapshot)) {
      if (fromExclusive != null && s.snapshotId() == fromExclusive) {
        reachedFrom = true;
        break;
      }
      if (SnapshotProperties.isReplace(s)) continue;
      ids.add(s.snapshotId());
      Set<String> commitFiles = files(s.summary());
      String st = s.summary().get(SnapshotSummaryKeys.STORES);
      if (commitFiles.isEmpty() || st == null) {
        complete = false;
        continue;
      }
      files.addAll(commitFiles);
      for (String part : st.split(",")) {
        if (!part.isBlank()) stores.add(Integer.parseInt(part.strip()));
      }
    }
    return new SnapshotLog(complete && reachedFrom, files, stores, ids);
  }

  /** The object keys of the file versions a commit holds (this release's per-file keys or an older one's). */
  static Set<String> files(Map<String, String> summary) {
    Set<String> out = new TreeSet<>();
    String old = summary.get(SnapshotSummaryKeys.SOURCE_FILE);
    if (old != null) out.add(old);
    for (String k : summary.keySet()) {
      if (k.startsWith(SnapshotSummaryKeys.FILE_PREFIX)) out.add(k.substring(SnapshotSummaryKeys.FILE_PREFIX.length()));
    }
    return out;
  }

  public boolean isEmpty() {
    return snapshotIds.isEmpty();
  }
}
