package dev.poslake.activities.etl.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What was appended to {@code inventory_snapshot} between two of its snapshots, read from the commit summaries
 * alone (one commit per ingested file version, see {@link SnapshotSummaryKeys}): the source files and stores.
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
      ids.add(s.snapshotId());
      String file = s.summary().get(SnapshotSummaryKeys.SOURCE_FILE);
      String st = s.summary().get(SnapshotSummaryKeys.STORES);
      if (file == null || st == null) {
        complete = false;
        continue;
      }
      files.add(file);
      for (String part : st.split(",")) {
        if (!part.isBlank()) stores.add(Integer.parseInt(part.strip()));
      }
    }
    return new SnapshotLog(complete && reachedFrom, files, stores, ids);
  }

  public boolean isEmpty() {
    return snapshotIds.isEmpty();
  }
}
