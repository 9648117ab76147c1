package dev.poslake.catalog.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads rows of a table as generic {@link Record}s over {@link IcebergGenerics}, with a row filter (which
 * prunes partitions and files by statistics, and filters rows exactly), optional projection and snapshot.
 * Timestamptz columns come back as {@link java.time.OffsetDateTime}, binary as {@link java.nio.ByteBuffer}.
 */
public final class TableReader {
  private final Table table;
  private Expression filter = Expressions.alwaysTrue();
  private List<String> columns;
  private Long snapshotId;
  private long[] appends;

  private TableReader(Table table) {
    this.table = table;
  }

  public static TableReader of(Table table) {
    return new TableReader(table);
  }

  /** All rows of the current snapshot. */
  public static List<Record> readAll(Table table) {
    return of(table).list();
  }

  /** Rows of the current snapshot matching the filter, e.g. {@code Expressions.equal("store_id", 1)}. */
  public static List<Record> readAll(Table table, Expression filter) {
    return of(table).where(filter).list();
  }

  /** Adds a filter (AND with the previous ones). */
  public TableReader where(Expression expression) {
    this.filter = Expressions.and(filter, expression);
    return this;
  }

  /** Only these columns (other fields of the records are absent). */
  public TableReader select(String... names) {
    this.columns = List.of(names);
    return this;
  }

  /** Reads as of this snapshot instead of the current one. */
  public TableReader snapshot(long id) {
    this.snapshotId = id;
    return this;
  }

  /** Only the rows appended after snapshot {@code fromExclusive} up to {@code toInclusive} (append-only tables). */
  public TableReader appendsBetween(long fromExclusive, long toInclusive) {
    this.appends = new long[] {fromExclusive, toInclusive};
    return this;
  }

  /** The rows as a closeable stream: close it (try-with-resources) to release the open files. */
  public CloseableIterable<Record> open() {
    if (table.currentSnapshot() == null && snapshotId == null) {
      return CloseableIterable.empty();
    }
    IcebergGenerics.ScanBuilder b = IcebergGenerics.read(table).where(filter);
    if (columns != null) b = b.select(columns);
    if (snapshotId != null) b = b.useSnapshot(snapshotId);
    if (appends != null) b = b.appendsBetween(appends[0], appends[1]);
    return b.build();
  }

  public void forEach(Consumer<Record> consumer) {
    try (CloseableIterable<Record> rows = open()) {
      rows.forEach(consumer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table.name(), e);
    }
  }

  /**
   * Materialized rows. Records from the scan are reused by some readers, so each is copied.
   */
  public List<Record> list() {
    List<Record> out = new ArrayList<>();
    forEach(r -> out.add(r.copy()));
    return out;
  }

  public long count() {
    long[] n = {0};
    forEach(r -> n[0]++);
    return n[0];
  }
}
