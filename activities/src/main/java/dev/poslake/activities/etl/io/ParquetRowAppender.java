package dev.poslake.activities.etl.io;

import dev.poslake.catalog.io.HadoopConfigFreeWriters;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.UncommittedFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingDataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.StructLikeMap;
import org.apache.parquet.schema.MessageType;

/**
 * Streams rows of any Java type into new Parquet data files of a table through a {@link ParquetValueWriter} that
 * writes each row's values straight into the column writers: no {@code Record}, no boxing, no per-row partition
 * computation. For hot loops where {@link RecordAppender}'s generic records cost more than the data (profiled: a
 * recount row went through a record copy, seven boxed fields, an OffsetDateTime and a partition key per row).
 * Files get the table's schema, properties and metrics config, as with {@link RecordAppender}; rolls at the target
 * file size; commits nothing ({@link #complete()} returns the files). Not thread-safe. Closing without completing
 * deletes the files written so far.
 *
 * @param <T> the row type the value writer understands
 */
public final class ParquetRowAppender<T> implements Closeable {
  private final Table table;
  private final PartitionSpec spec;
  private final FileWriterFactory<T> factory;
  private final OutputFileFactory files;
  private final long targetFileBytes;
  private final StructLikeMap<RollingDataWriter<T>> writers;
  private final List<RollingDataWriter<T>> unpartitioned = new ArrayList<>(1);
  private StructLike lastPartition;
  private RollingDataWriter<T> lastWriter;
  private RecordAppender.Result result;
  private boolean closed;

  /**
   * @param rowWriter builds the value writer for the file's Parquet schema (the table schema's)
   * @param writeSettings Parquet write properties on top of the table's (e.g. no dictionary for a unique column)
   */
  public ParquetRowAppender(Table table, Function<MessageType, ParquetValueWriter<?>> rowWriter,
      Map<String, String> writeSettings) {
    this.table = table;
    this.spec = table.spec();
    MetricsConfig metrics = MetricsConfig.forTable(table);
    this.factory = new FileWriterFactory<T>() { // data files only: no deletes are written here
      @Override
      public DataWriter<T> newDataWriter(EncryptedOutputFile file, PartitionSpec s, StructLike partition) {
        return HadoopConfigFreeWriters.open(() -> {
          try {
            return Parquet.writeData(file).schema(table.schema()).setAll(table.properties()).setAll(writeSettings)
                .metricsConfig(metrics).withSpec(s).withPartition(partition).withSortOrder(table.sortOrder())
                .createWriterFunc(rowWriter).overwrite().build();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot open a data file of " + table.name(), e);
          }
        });
      }

      @Override
      public EqualityDeleteWriter<T> newEqualityDeleteWriter(EncryptedOutputFile f, PartitionSpec s, StructLike p) {
        throw new UnsupportedOperationException();
      }

      @Override
      public PositionDeleteWriter<T> newPositionDeleteWriter(EncryptedOutputFile f, PartitionSpec s, StructLike p) {
        throw new UnsupportedOperationException();
      }
    };
    // a random operation id per appender: a retried activity never collides with its earlier attempt's files
    this.files = OutputFileFactory.builderFor(table, 0, 0).format(FileFormat.PARQUET)
        .operationId(UUID.randomUUID().toString()).build();
    this.targetFileBytes = PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    this.writers = StructLikeMap.create(spec.partitionType());
  }

  /**
   * Writes a row into the files of {@code partition} (null for an unpartitioned table). Pass the same partition
   * object for consecutive rows of one partition, and never change it afterwards: it is kept as a map key.
   */
  public void write(StructLike partition, T row) {
    if (result != null || closed) throw new IllegalStateException("appender already completed or closed");
    if (partition != lastPartition || lastWriter == null) {
      lastWriter = spec.isUnpartitioned() ? unpartitioned() : writers.get(partition);
      if (lastWriter == null) {
        lastWriter = new RollingDataWriter<>(factory, files, table.io(), targetFileBytes, spec, partition);
        writers.put(partition, lastWriter);
      }
      lastPartition = partition;
    }
    lastWriter.write(row);
  }

  private RollingDataWriter<T> unpartitioned() {
    if (unpartitioned.isEmpty()) {
      unpartitioned.add(new RollingDataWriter<>(factory, files, table.io(), targetFileBytes, spec, null));
    }
    return unpartitioned.get(0);
  }

  /** Closes the open files and returns them (uncommitted). Calling it again returns the same result. */
  public RecordAppender.Result complete() {
    if (result == null) {
      if (closed) throw new IllegalStateException("appender closed before completing");
      result = RecordAppender.Result.of(closeAll());
    }
    return result;
  }

  /** Deletes the data files written so far (before complete() or after a failed commit). */
  public void abort() {
    List<DataFile> written;
    if (result != null) {
      written = result.dataFiles();
    } else {
      try {
        written = closeAll();
      } catch (RuntimeException e) {
        written = List.of();
      }
    }
    UncommittedFiles.deleteQuietly(table.io(), written);
    closed = true;
  }

  /** Without a prior {@link #complete()}, aborts (deletes what was written). */
  @Override
  public void close() {
    if (result == null && !closed) abort();
    closed = true;
  }

  private List<DataFile> closeAll() {
    List<DataFile> out = new ArrayList<>();
    List<RollingDataWriter<T>> all = new ArrayList<>(writers.values());
    all.addAll(unpartitioned);
    for (RollingDataWriter<T> w : all) {
      try {
        w.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close data files of " + table.name(), e);
      }
      out.addAll(w.result().dataFiles());
    }
    return out;
  }
}
