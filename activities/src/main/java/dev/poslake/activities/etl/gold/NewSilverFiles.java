package dev.poslake.activities.etl.gold;

import dev.poslake.catalog.tables.InventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.expressions.Projections;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;

/**
 * The silver data files whose rows are new to gold: those added by the append snapshots in (previous, to], or
 * every live file as of {@code to} for the first merge. Planned once per run, from metadata only, so that the
 * merge can then read one store's new rows at a time (the files whose partition and store_id bounds can hold
 * the store) instead of holding the whole batch.
 */
final class NewSilverFiles {
  /** A file whose store_id bounds span more ids than this is not enumerated store by store: full mode. */
  static final long MAX_STORE_SPAN = 100_000;

  private final Table silver;
  private final List<DataFile> files;

  private NewSilverFiles(Table silver, List<DataFile> files) {
    this.silver = silver;
    this.files = files;
  }

  /**
   * Plans the new files; throws {@link UnsupportedOperationException} when the range holds anything but appends
   * and replaces (someone rewrote silver rows: the merge must start over in full mode), and
   * {@link IllegalStateException} when a file has delete files (silver is append-only).
   */
  @SuppressWarnings("deprecation") // appendsBetween: the same increment IcebergGenerics.appendsBetween reads
  static NewSilverFiles plan(Table silver, Long previous, Long to) {
    List<DataFile> files = new ArrayList<>();
    if (to != null && !to.equals(previous)) {
      TableScan scan = silver.newScan().includeColumnStats();
      scan = previous == null ? scan.useSnapshot(to) : scan.appendsBetween(previous, to);
      try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
        for (FileScanTask t : tasks) {
          if (!t.deletes().isEmpty()) throw new IllegalStateException("silver file with deletes: " + t.file().location());
          files.add(t.file().copy());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new NewSilverFiles(silver, files);
  }

  boolean isEmpty() {
    return files.isEmpty();
  }

  /** Every store id the files' store_id bounds allow, or null if some file has no bounds or too wide a span. */
  Set<Integer> candidateStores() {
    Set<Integer> stores = new TreeSet<>();
    for (DataFile f : files) {
      int[] bounds = intBounds(f, InventoryChangeTable.STORE_ID);
      if (bounds == null || (long) bounds[1] - bounds[0] > MAX_STORE_SPAN) return null;
      for (int s = bounds[0]; s <= bounds[1]; s++) stores.add(s);
    }
    return stores;
  }

  /** A silver file's lower and upper bound of an int column, or null if its metrics lack them. */
  int[] intBounds(DataFile f, String column) {
    int id = silver.schema().findField(column).fieldId();
    ByteBuffer lo = f.lowerBounds() == null ? null : f.lowerBounds().get(id);
    ByteBuffer hi = f.upperBounds() == null ? null : f.upperBounds().get(id);
    if (lo == null || hi == null) return null;
    Type type = silver.schema().findType(id);
    return new int[] {Conversions.fromByteBuffer(type, lo), Conversions.fromByteBuffer(type, hi)};
  }

  /** The files that can hold rows of the store (partition and column bounds). */
  List<DataFile> forStore(int store) {
    Expression where = Expressions.equal(InventoryChangeTable.STORE_ID, store);
    InclusiveMetricsEvaluator metrics = new InclusiveMetricsEvaluator(silver.schema(), where);
    List<DataFile> out = new ArrayList<>();
    for (DataFile f : files) {
      PartitionSpec spec = silver.specs().get(f.specId());
      Evaluator partition = new Evaluator(spec.partitionType(), Projections.inclusive(spec).project(where));
      if (partition.eval(f.partition()) && metrics.eval(f)) out.add(f);
    }
    return out;
  }

  /** The newest date_time of the new rows (epoch millis, from the files' upper bounds), 0 if none. */
  long newestEventMillis() {
    int id = silver.schema().findField(InventoryChangeTable.DATE_TIME).fieldId();
    Type type = silver.schema().findType(id);
    long newest = 0;
    for (DataFile f : files) {
      ByteBuffer hi = f.upperBounds() == null ? null : f.upperBounds().get(id);
      if (hi != null) newest = Math.max(newest, Math.floorDiv((Long) Conversions.fromByteBuffer(type, hi), 1000L));
    }
    return newest;
  }
}
