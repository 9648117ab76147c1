package dev.poslake.catalog.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.DeleteGranularity;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.io.ClusteredPositionDeleteWriter;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.CharSequenceSet;

/**
 * Streams position deletes ({@code file_path}, {@code pos}, no row) into delete files of a format-v2 table, one
 * file per partition (input grouped by partition, and sorted by path then position inside it, as the spec asks).
 * Position deletes rather than equality deletes or v3 deletion vectors: Spark, Trino and DuckDB all read v2
 * position deletes. Commits nothing: {@link #complete()} returns the files for the caller's {@code newRowDelta()}.
 * Closing without completing deletes the files written so far.
 */
public final class PositionDeleteAppender implements Closeable {
  /** What was written: the delete files and the data files they reference. */
  public record Result(List<DeleteFile> deleteFiles, CharSequenceSet referencedDataFiles) {}

  private final Table table;
  private final ClusteredPositionDeleteWriter<Record> writer;
  private final PositionDelete<Record> delete = PositionDelete.create();
  private Result result;
  private boolean closed;

  public PositionDeleteAppender(Table table) {
    this(table, Map.of());
  }

  /** With writer properties over the table's (e.g. {@link SmallFileWrites}). */
  public PositionDeleteAppender(Table table, Map<String, String> writeProperties) {
    this.table = table;
    FileFormat format = FileFormat.fromString(table.properties()
        .getOrDefault(TableProperties.DELETE_DEFAULT_FILE_FORMAT, table.properties()
            .getOrDefault(TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT)));
    FileWriterFactory<Record> factory = new HadoopConfigFreeWriters<>(new GenericFileWriterFactory.Builder(table)
        .dataSchema(table.schema())
        .deleteFileFormat(format)
        .writerProperties(writeProperties)
        .build());
    OutputFileFactory files = OutputFileFactory.builderFor(table, 0, 0)
        .format(format)
        .operationId(UUID.randomUUID().toString())
        .suffix("deletes")
        .build();
    this.writer = new ClusteredPositionDeleteWriter<>(factory, files, table.io(),
        TableProperties.DELETE_TARGET_FILE_SIZE_BYTES_DEFAULT, DeleteGranularity.PARTITION);
  }

  /** Deletes row {@code pos} of data file {@code path}, which lies in {@code partition} of the current spec. */
  public void delete(CharSequence path, long pos, StructLike partition) {
    if (result != null || closed) throw new IllegalStateException("appender already completed or closed");
    writer.write(delete.set(path, pos), table.spec(), partition);
  }

  public Result complete() {
    if (result == null) {
      if (closed) throw new IllegalStateException("appender closed before completing");
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close delete files of " + table.name(), e);
      }
      DeleteWriteResult r = writer.result();
      result = new Result(List.copyOf(r.deleteFiles()), r.referencedDataFiles());
    }
    return result;
  }

  /** Deletes the files written so far (before complete() or after a failed commit). */
  public void abort() {
    List<DeleteFile> files;
    try {
      files = complete().deleteFiles();
    } catch (RuntimeException e) {
      files = List.of();
    }
    UncommittedFiles.deleteQuietly(table.io(), files);
    closed = true;
  }

  @Override
  public void close() {
    if (result == null && !closed) abort();
    closed = true;
  }
}
