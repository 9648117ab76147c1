package dev.poslake.activities.etl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;

/** Reads a position-delete file whole: the positions it deletes, per data file. */
public final class PositionDeleteFiles {
  private static final Schema PATH_POS = new Schema(MetadataColumns.DELETE_FILE_PATH, MetadataColumns.DELETE_FILE_POS);

  private PositionDeleteFiles() {}

  /** The positions {@code d} deletes, by data file location: ascending, without repeats. */
  public static Map<String, long[]> read(Table table, DeleteFile d) {
    Map<String, List<Long>> read = new HashMap<>();
    try (CloseableIterable<Record> rows = FormatModelRegistry.<Record, Object>readBuilder(d.format(), Record.class,
            table.io().newInputFile(d.location(), d.fileSizeInBytes()))
        .project(PATH_POS)
        .build()) {
      for (Record r : rows) read.computeIfAbsent(r.get(0).toString(), k -> new ArrayList<>()).add((Long) r.get(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + d.location(), e);
    }
    Map<String, long[]> out = new HashMap<>();
    read.forEach((path, list) -> out.put(path, list.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
    return out;
  }
}
