package dev.poslake.activities.etl.maintenance;

import dev.poslake.catalog.io.RecordAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Compaction of partitions that have delete files (gold's merge-on-read): the partition's live rows (deletes
 * applied by the reader) are rewritten, sorted by the table's sort order, into new data files that replace all
 * its data and delete files. Memory holds one partition's rows (gold: one store). Only partitions of identity
 * transforms ({@link Partition#byIdentity}: a partition filter must select exactly the partition's rows); the others
 * are folded whole by {@link DeltaFolder}.
 */
final class DeleteFolder {
  /** One partition with deletes: all its live data files and the delete files applying to them. */
  static final class Partition {
    final StructLike key;
    final PartitionSpec spec;
    final Map<String, DataFile> data = new LinkedHashMap<>();
    final Map<String, DeleteFile> deletes = new LinkedHashMap<>();
    /** Values of the table's leading sort column held alone by a data file (gold: the stores with a file of their own). */
    final Set<String> soleValues = new HashSet<>();

    Partition(PartitionSpec spec, StructLike key) {
      this.spec = spec;
      this.key = key;
    }

    /** Whether a partition filter selects exactly this partition's rows (identity transforms only). */
    boolean byIdentity() {
      return spec.fields().stream().allMatch(x -> x.transform().isIdentity());
    }

    /**
     * Its data and delete files, counting the files of values held alone (gold's stores) as of one value: a
     * partition of 16 stores, each with its own large file, counts as one store's, so it is compacted after as
     * many merges as a partition of one store.
     */
    int files() {
      return data.size() + deletes.size() - Math.max(0, soleValues.size() - 1);
    }
  }

  private DeleteFolder() {}

  /** The partitions (of the current spec) that have at least one delete file, keyed by partition path. */
  static Map<String, Partition> partitionsWithDeletes(Table table, Collection<FileScanTask> tasks) {
    Map<String, Partition> all = new LinkedHashMap<>();
    for (FileScanTask t : tasks) {
      DataFile f = t.file().copy();
      PartitionSpec spec = table.specs().get(f.specId());
      Partition p = all.computeIfAbsent(spec.specId() + "/" + spec.partitionToPath(f.partition()),
          k -> new Partition(spec, f.partition()));
      p.data.put(f.location(), f);
      String sole = Compactor.soleValue(table, f);
      if (sole != null) p.soleValues.add(sole);
      for (DeleteFile d : t.deletes()) p.deletes.putIfAbsent(d.location(), d.copy());
    }
    all.values().removeIf(p -> p.deletes.isEmpty() || p.spec.specId() != table.spec().specId());
    return all;
  }

  /** Writes the partition's live rows, sorted, to {@code out}; returns how many. */
  static long rewrite(Table table, long snapshotId, Partition p, RecordAppender out) {
    if (!p.byIdentity()) {
      throw new IllegalArgumentException("partition " + p.spec.partitionToPath(p.key) + " of " + table.name()
          + " is not by identity: a filter on its values would not select exactly its rows");
    }
    Expression where = Expressions.alwaysTrue();
    List<PartitionField> fields = p.spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      String column = table.schema().findColumnName(fields.get(i).sourceId());
      Object value = p.key.get(i, Object.class);
      where = Expressions.and(where, value == null ? Expressions.isNull(column) : Expressions.equal(column, value));
    }
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(snapshotId).where(where).build()) {
      for (Record r : records) rows.add(r.copy());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sortAndWrite(table, rows, out);
    return rows.size();
  }

  /** Writes {@code rows} to {@code out} in the table's sort order. */
  static void sortAndWrite(Table table, List<Record> rows, RecordAppender out) {
    Comparator<StructLike> order = SortOrderComparators.forSchema(table.schema(), table.sortOrder());
    InternalRecordWrapper a = new InternalRecordWrapper(table.schema().asStruct());
    InternalRecordWrapper b = new InternalRecordWrapper(table.schema().asStruct());
    rows.sort((x, y) -> order.compare(a.wrap(x), b.wrap(y)));
    rows.forEach(out::write);
  }
}
