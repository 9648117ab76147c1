package dev.poslake.activities.etl.maintenance;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * What a worker keeps in memory of a table's small files, for compaction folds ({@link DeltaFolder}): a fold takes
 * its inputs from it where it can (a fold of 1,000 gold stores otherwise fetched 14 small files per store) and tells
 * it what it wrote before its commit, so the next reader of the partition fetches nothing either. Files whose commit
 * fails are never read, so keeping them is harmless. No method throws.
 */
public interface FoldCache {
  FoldCache NONE = new FoldCache() {};

  /** The rows of a data file in position order, as a read of the whole file gives them; null if not kept. */
  default List<Record> rows(Table table, DataFile file) {
    return null;
  }

  /** The positions {@code deleteFile} deletes in {@code dataFile}, ascending; null if not kept. */
  default long[] deleted(String deleteFile, String dataFile) {
    return null;
  }

  /**
   * @param data the fold's data file, or null when it wrote none; {@code rows} are its rows in file order
   * @param deletes the fold's delete file, or null; {@code positions} are the positions it deletes, ascending, by
   *     data file
   */
  default void folded(Table table, DataFile data, List<Record> rows, DeleteFile deletes,
      Map<String, long[]> positions) {}
}
