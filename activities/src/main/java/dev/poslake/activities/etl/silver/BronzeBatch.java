package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.io.StateSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The bronze data files of one silver batch: those added by the bronze snapshots after {@code from}
 * (exclusive) up to {@code to} (inclusive). Only metadata is held (a list of files), never rows.
 *
 * <p>Compaction ({@code replace}) snapshots are skipped: their files hold rows that earlier appends added.
 * For the very first batch ({@code from} absent) the live files of snapshot {@code to} are read instead,
 * which are all bronze rows exactly once even if some were compacted.
 */
record BronzeBatch(Long from, long to, int snapshots, List<DataFile> files) {

  /** Empty if there is nothing new; {@code max} &gt; 0 caps the number of bronze snapshots. */
  static java.util.Optional<BronzeBatch> plan(Table bronze, Long from, int max) {
    Snapshot current = bronze.currentSnapshot();
    if (current == null) return java.util.Optional.empty();
    List<Snapshot> newer = new ArrayList<>();
    boolean reachedFrom = from == null;
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), bronze::snapshot)) {
      if (from != null && s.snapshotId() == from) {
        reachedFrom = true;
        break;
      }
      if (!StateSnapshots.isReplace(s)) newer.add(s);
    }
    if (!reachedFrom) {
      throw new IllegalStateException("bronze snapshot " + from + " that silver processed last is not in the "
          + "bronze table's history any more (expired?): cannot tell which bronze rows are new");
    }
    if (newer.isEmpty()) return java.util.Optional.empty();
    Collections.reverse(newer); // oldest first
    if (max > 0 && newer.size() > max) newer = newer.subList(0, max);
    return java.util.Optional.of(of(bronze, from, newer.get(newer.size() - 1).snapshotId(), newer.size()));
  }

  /** The batch (from, to] — also used by a retry that must reprocess exactly a range recorded earlier. */
  static BronzeBatch of(Table bronze, Long from, long to, int snapshotCount) {
    List<DataFile> files = new ArrayList<>();
    if (from == null) {
      try (CloseableIterable<FileScanTask> tasks = bronze.newScan().useSnapshot(to).planFiles()) {
        for (FileScanTask t : tasks) files.add(t.file().copyWithoutStats());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new BronzeBatch(null, to, snapshotCount, files);
    }
    int count = 0;
    for (Snapshot s : SnapshotUtil.ancestorsBetween(to, from, bronze::snapshot)) {
      if (StateSnapshots.isReplace(s)) continue;
      if (!DataOperations.APPEND.equals(s.operation()) && s.removedDataFiles(bronze.io()).iterator().hasNext()) {
        throw new IllegalStateException("bronze snapshot " + s.snapshotId() + " (" + s.operation()
            + ") removes data: bronze must be append-only");
      }
      for (DataFile f : s.addedDataFiles(bronze.io())) files.add(f.copyWithoutStats());
      count++;
    }
    return new BronzeBatch(from, to, count, files);
  }
}
