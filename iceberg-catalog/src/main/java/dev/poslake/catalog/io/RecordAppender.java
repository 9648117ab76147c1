package dev.poslake.catalog.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.PartitioningWriter;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Streams {@link Record}s (of the table's schema, e.g. {@code GenericRecord.create(table.schema())}) into new
 * data files of a table, partitioned by the table's current spec, rolling at the target file size. It commits
 * nothing: {@link #complete()} returns the data files for the caller to commit in the operation it chooses
 * ({@code newAppend()}, {@code newOverwrite()}, {@code newRowDelta()}, with its snapshot summary properties),
 * see {@link Commits}. Not thread-safe. Closing without completing deletes the files written so far.
 *
 * <pre>{@code
 * try (RecordAppender out = RecordAppender.forTable(table)) {
 *   for (Record r : rows) out.write(r);
 *   RecordAppender.Result written = out.complete();
 *   Commits.append(table, written.dataFiles(), Map.of("pos.x", "y"));
 * }
 * }</pre>
 */
public final class RecordAppender implements Closeable {

  /** What was written: data files plus counts. */
  public record Result(List<DataFile> dataFiles, long recordCount, long bytesWritten) {
    public Result {
      dataFiles = List.copyOf(dataFiles);
    }

    public int fileCount() {
      return dataFiles.size();
    }

    /** The counts of written files. */
    public static Result of(List<DataFile> files) {
      long records = 0;
      long bytes = 0;
      for (DataFile f : files) {
        records += f.recordCount();
        bytes += f.fileSizeInBytes();
      }
      return new Result(files, records, bytes);
    }
  }

  private final Table table;
  private final PartitionSpec spec;
  private final PartitionKey partitionKey;
  private final InternalRecordWrapper wrapper;
  private final PartitioningWriter<Record, DataWriteResult> writer;
  private long written;
  private Result result;
  private boolean closed;

  private RecordAppender(Table table, boolean clustered, long targetFileSizeBytes) {
    this.table = table;
    this.spec = table.spec();
    this.partitionKey = new PartitionKey(spec, table.schema());
    this.wrapper = new InternalRecordWrapper(table.schema().asStruct());
    FileFormat format = FileFormat.fromString(table.properties()
        .getOrDefault(TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    FileWriterFactory<Record> factory = new HadoopConfigFreeWriters<>(new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(format)
        .dataSchema(table.schema())
        .build());
    // a random operation id per appender: a retried activity never collides with its earlier attempt's files
    OutputFileFactory files = OutputFileFactory.builderFor(table, 0, 0)
        .format(format)
        .operationId(UUID.randomUUID().toString())
        .build();
    this.writer = clustered || spec.isUnpartitioned()
        ? new ClusteredDataWriter<>(factory, files, table.io(), targetFileSizeBytes)
        : new FanoutDataWriter<>(factory, files, table.io(), targetFileSizeBytes);
  }

  /** Accepts records in any partition order (one open file per partition seen). */
  public static RecordAppender forTable(Table table) {
    return new RecordAppender(table, false, targetFileSize(table));
  }

  /**
   * For input already grouped by partition (e.g. sorted by the partition columns): one open file at a time.
   * Fails if a partition reappears after another one started.
   */
  public static RecordAppender clustered(Table table) {
    return new RecordAppender(table, true, targetFileSize(table));
  }

  public static RecordAppender forTable(Table table, long targetFileSizeBytes) {
    return new RecordAppender(table, false, targetFileSizeBytes);
  }

  private static long targetFileSize(Table table) {
    return PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
  }

  public Table table() {
    return table;
  }

  public void write(Record record) {
    if (result != null || closed) {
      throw new IllegalStateException("appender already completed or closed");
    }
    partitionKey.partition(wrapper.wrap(record));
    writer.write(record, spec, partitionKey);
    written++;
  }

  public void writeAll(Iterable<? extends Record> records) {
    for (Record r : records) {
      write(r);
    }
  }

  /** Records written so far. */
  public long recordsWritten() {
    return written;
  }

  /** Closes the open files and returns them (uncommitted). Calling it again returns the same result. */
  public Result complete() {
    if (result == null) {
      if (closed) throw new IllegalStateException("appender closed before completing");
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close data files of " + table.name(), e);
      }
      result = Result.of(writer.result().dataFiles());
    }
    return result;
  }

  /** Deletes the data files written so far (before complete() or after a failed commit). */
  public void abort() {
    List<DataFile> files;
    if (result != null) {
      files = result.dataFiles();
    } else {
      try {
        writer.close();
        files = writer.result().dataFiles();
      } catch (IOException | RuntimeException e) {
        files = List.of();
      }
    }
    UncommittedFiles.deleteQuietly(table.io(), files);
    closed = true;
  }

  /** Without a prior {@link #complete()}, aborts (deletes what was written). */
  @Override
  public void close() {
    if (result == null && !closed) {
      abort();
    }
    closed = true;
  }
}
