package dev.poslake.activities.etl.io;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;

/**
 * An append that fails instead of being silently re-applied when anyone else added data since
 * {@code base}: Iceberg's own commit retry re-applies an append on the new table state without re-running the
 * caller's "was this already committed?" check, which would let a stale activity attempt and its retry both
 * commit. Implemented as an add-only {@link OverwriteFiles} (recorded as operation {@code append}) with
 * conflict detection on all data. Compaction ({@code replace}) commits do not conflict.
 *
 * <p>With no files nothing can be duplicated, so a plain append is used (keeps the {@code append} operation).
 */
public final class ValidatedAppend {
  private ValidatedAppend() {}

  /** True if committed; false if a concurrent commit added data after {@code base} (re-check, then decide). */
  public static boolean commit(Table table, Snapshot base, List<DataFile> files, Map<String, String> summary) {
    if (files.isEmpty()) {
      var append = table.newAppend();
      summary.forEach(append::set);
      append.commit();
      return true;
    }
    OverwriteFiles update = table.newOverwrite()
        .conflictDetectionFilter(Expressions.alwaysTrue())
        .validateNoConflictingData();
    if (base != null) {
      update.validateFromSnapshot(base.snapshotId()); // no base: validated from the table's beginning
    }
    files.forEach(update::addFile);
    summary.forEach(update::set);
    try {
      update.commit();
      return true;
    } catch (ValidationException concurrent) {
      return false;
    }
  }
}
