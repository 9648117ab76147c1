package dev.poslake.activities.etl.maintenance;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * Told what a compaction fold ({@link DeltaFolder}) wrote, before its commit: a worker that keeps small files in
 * memory for its readers can keep these too, so the next reader of the partition does not fetch them. Files whose
 * commit fails are never read, so keeping them is harmless. Must not throw.
 */
@FunctionalInterface
public interface FoldListener {
  FoldListener NONE = (table, data, rows, deletes, positions) -> {};

  /**
   * @param data the fold's data file, or null when it wrote none; {@code rows} are its rows in file order
   * @param deletes the fold's delete file, or null; {@code positions} are the positions it deletes, ascending, by
   *     data file
   */
  void folded(Table table, DataFile data, List<Record> rows, DeleteFile deletes, Map<String, long[]> positions);
}
