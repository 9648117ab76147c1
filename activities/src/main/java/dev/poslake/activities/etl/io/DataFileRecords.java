package dev.poslake.activities.etl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.formats.FormatModelRegistry;

/**
 * Streams the rows of ONE data file as generic records. Why not a table scan: incremental readers (silver over
 * bronze) and compaction work on an explicit list of data files (those added by given snapshots, or the small
 * files of one partition), which a scan cannot express. Only valid for files without delete files applying
 * to them (bronze is append-only; compaction skips files that have deletes).
 */
public final class DataFileRecords {
  private DataFileRecords() {}

  /** The rows of the file projected to {@code projection} (a subset of the table schema). Close it. */
  public static CloseableIterable<Record> open(Table table, DataFile file, Schema projection) {
    // the format-model registry: the generic reader of whatever format the file has, without compiling against
    // Parquet classes
    return FormatModelRegistry.<Record, Object>readBuilder(file.format(), Record.class,
            table.io().newInputFile(file.location()))
        .project(projection)
        .build();
  }

  /** Calls {@code consumer} for each row; records may be reused by the reader: copy to keep one. */
  public static void forEach(Table table, DataFile file, Schema projection, Consumer<Record> consumer) {
    try (CloseableIterable<Record> rows = open(table, file, projection)) {
      rows.forEach(consumer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.location(), e);
    }
  }
}
