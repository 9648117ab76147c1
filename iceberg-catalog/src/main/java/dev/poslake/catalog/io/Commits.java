package dev.poslake.catalog.io;

import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
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
