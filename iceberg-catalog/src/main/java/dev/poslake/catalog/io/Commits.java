package dev.poslake.catalog.io;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** One-call commits of data files from {@link RecordAppender}, with snapshot summary properties. */
public final class Commits {
  private Commits() {}

  /** Appends the files in one snapshot (a snapshot is committed even with no files, to record the summary). */
  public static void append(Table table, Iterable<DataFile> files, Map<String, String> summary) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    withSummary(append, summary).commit();
  }

  /**
   * Appends the files in one snapshot unless {@code alreadyDone} says the table has them (then false: the caller
   * deletes its files). The check and the commit see the same state: the append applies only if no other state
   * commit landed after the one checked ({@link StateGuard}); otherwise check again. Without that, two attempts
   * (a stale one and its retry) could both find "not done" and both append.
   *
   * @param beforeCommit runs after the check, right before each commit attempt (a test seam for interleavings)
   */
  public static boolean appendOnce(Table table, List<DataFile> files, Map<String, String> summary,
      Predicate<Table> alreadyDone, Runnable beforeCommit) {
    for (int attempt = 1; attempt <= APPEND_ONCE_ATTEMPTS; attempt++) {
      table.refresh();
      if (alreadyDone.test(table)) return false;
      AppendFiles append = table.newAppend().validateWith(StateGuard.unchangedSince(table));
      files.forEach(append::appendFile);
      withSummary(append, summary);
      beforeCommit.run();
      try {
        append.commit();
        return true;
      } catch (ValidationException concurrent) {
        // another commit since the check: check again
      }
    }
    throw new IllegalStateException("could not append to " + table.name() + " after " + APPEND_ONCE_ATTEMPTS
        + " attempts: too many concurrent commits; retry");
  }

  static final int APPEND_ONCE_ATTEMPTS = 20;

  /** Replaces all rows of the table by the files, in one snapshot. */
  public static void replaceAll(Table table, Iterable<DataFile> files, Map<String, String> summary) {
    overwrite(table, Expressions.alwaysTrue(), files, summary);
  }

  /**
   * Deletes the rows matching {@code filter} (whole files only: the filter must select whole files, e.g. on
   * partition columns, else the commit fails) and adds the files, in one snapshot.
   */
  public static void overwrite(Table table, Expression filter, Iterable<DataFile> files,
      Map<String, String> summary) {
    OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(filter);
    files.forEach(overwrite::addFile);
    withSummary(overwrite, summary).commit();
  }

  /** Sets the summary properties on any snapshot update (append, overwrite, row delta...). */
  public static <T extends SnapshotUpdate<T>> T withSummary(T update, Map<String, String> summary) {
    summary.forEach(update::set);
    return update;
  }
}
