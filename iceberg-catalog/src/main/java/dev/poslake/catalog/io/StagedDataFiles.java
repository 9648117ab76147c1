package dev.poslake.catalog.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.StructLikeMap;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet data files of a table written under a prefix the caller chooses instead of the table's data location, so
 * that everything one job wrote (all its attempts, committed or not) can be listed by that prefix and its
 * leftovers deleted. Iceberg references data files by full path, so they commit like any other. Rows go to the
 * open file of their partition, which the caller resolves once per group of rows ({@link #partition}) instead of
 * Iceberg's per-row partition lookup; files roll at the table's target size. Commits nothing; closing without
 * {@link #complete()} deletes what was written. Not thread-safe.
 *
 * @param <T> the row type: generic {@link Record}s ({@link #records}) or whatever the writer function takes
 *     ({@link #of})
 */
public final class StagedDataFiles<T> implements Closeable {
  private static final int ROLL_CHECK_ROWS = 4096;

  private final Table table;
  private final PartitionSpec spec;
  private final String prefix;
  private final String name;
  private final long targetFileBytes;
  private final BiFunction<Schema, MessageType, ParquetValueWriter<?>> writerFunc;
  private final Map<StructLike, Partition> partitions;
  private final List<DataFile> completed = new ArrayList<>();
  private Map<String, String> writeProperties = Map.of();
  private int fileSeq;
  private boolean done;

  private StagedDataFiles(Table table, String prefix, String name,
      BiFunction<Schema, MessageType, ParquetValueWriter<?>> writerFunc) {
    this.table = table;
    this.spec = table.spec();
    this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    this.name = name;
    this.targetFileBytes = PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    this.writerFunc = writerFunc;
    this.partitions = StructLikeMap.create(spec.partitionType());
  }

  /**
   * Rows written by {@code writerFunc} (given the table schema and the file's Parquet schema), e.g. a writer that
   * takes the caller's own row type and writes its primitives straight into the columns.
   */
  public static <T> StagedDataFiles<T> of(Table table, String prefix, String name,
      BiFunction<Schema, MessageType, ParquetValueWriter<?>> writerFunc) {
    return new StagedDataFiles<>(table, prefix, name, writerFunc);
  }

  /** Rows as generic records (timestamptz as {@code OffsetDateTime}). */
  public static StagedDataFiles<Record> records(Table table, String prefix, String name) {
    return new StagedDataFiles<>(table, prefix, name, GenericParquetWriter::create);
  }

  /** Writer properties over the table's for the files opened from now on (e.g. {@link SmallFileWrites}). */
  public StagedDataFiles<T> withWriteProperties(Map<String, String> properties) {
    this.writeProperties = Map.copyOf(properties);
    return this;
  }

  /** The files of one partition (its key is copied); the same key gives the same handle. */
  public Partition partition(StructLike key) {
    Partition p = partitions.get(key);
    if (p == null) {
      PartitionData copy = new PartitionData(spec.partitionType());
      for (int i = 0; i < spec.fields().size(); i++) copy.set(i, key.get(i, Object.class));
      p = new Partition(spec.isUnpartitioned() ? null : copy);
      partitions.put(copy, p);
    }
    return p;
  }

  /** One partition's open file, rolled at the target size. */
  public final class Partition {
    private final StructLike key;
    private DataWriter<T> writer;
    private long rowsSinceCheck;

    private Partition(StructLike key) {
      this.key = key;
    }

    public void write(T row) {
      if (done) throw new IllegalStateException("staged files already completed or aborted");
      if (writer == null) writer = open(key);
      writer.write(row);
      if (++rowsSinceCheck >= ROLL_CHECK_ROWS) {
        rowsSinceCheck = 0;
        if (writer.length() >= targetFileBytes) closeFile();
      }
    }

    private void closeFile() {
      if (writer == null) return;
      DataWriter<T> w = writer;
      writer = null;
      try {
        w.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close a data file of " + table.name(), e);
      }
      completed.add(w.toDataFile());
    }
  }

  private DataWriter<T> open(StructLike partition) {
    String dir = spec.isUnpartitioned() ? prefix : prefix + "/" + spec.partitionToPath(partition);
    OutputFile file = table.io().newOutputFile(dir + "/" + name + "-" + String.format("%05d", fileSeq++)
        + ".parquet");
    return HadoopConfigFreeWriters.open(() -> {
      try {
        return Parquet.writeData(file)
            .forTable(table)
            .setAll(writeProperties)
            .withSpec(spec)
            .withPartition(partition)
            .createWriterFunc(writerFunc)
            .overwrite()
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a data file of " + table.name(), e);
      }
    });
  }

  /** Closes the open files and returns every file written (uncommitted). */
  public List<DataFile> complete() {
    if (!done) {
      for (Partition p : partitions.values()) p.closeFile();
      done = true;
    }
    return List.copyOf(completed);
  }

  /** Deletes everything written so far (best effort: what is left is an orphan under the prefix). */
  public void abort() {
    try {
      for (Partition p : partitions.values()) p.closeFile();
    } catch (RuntimeException ignored) {
      // the file is deleted below if it got into the list; otherwise it is left under the prefix
    }
    done = true;
    UncommittedFiles.deleteQuietly(table.io(), completed);
    completed.clear();
  }

  @Override
  public void close() {
    if (!done) abort();
  }
}
