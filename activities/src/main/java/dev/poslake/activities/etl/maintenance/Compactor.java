package dev.poslake.activities.etl.maintenance;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.io.StateSnapshots;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.RecordAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortField;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bin-packs small data files of a partition into larger ones, rows unchanged, in ONE {@code replace} commit
 * (incremental readers skip replace snapshots: they add no new rows). It carries no pipeline state: readers take
 * the state from the newest non-replace snapshot ({@link StateSnapshots}), so a compaction that Iceberg
 * re-applies on top of a concurrent commit can never hand out an old copy of it.
 *
 * <p>Files are grouped by partition and, when all rows of a file share one value of the table's first sort
 * column (bronze: the Kafka partition), by that value too; inside a group they are concatenated in order of
 * their sort-column lower bounds. So a compacted bronze file still holds one contiguous offset range of one
 * Kafka partition and keeps offset statistics tight. A partition with delete files (gold's merge-on-read) is
 * compacted once its data plus delete files reach {@code minFilesToCompact}: its small data files and its delete
 * files are folded into one of each, its large files kept ({@link DeltaFolder}), or, without a large file that
 * few deletes apply to, its live rows (deletes applied) replace all its data and delete files
 * ({@link DeleteFolder}). The new data files get the data sequence number of the starting snapshot, and the commit is validated from it, like Iceberg's own rewrite action (a
 * delete added meanwhile to a replaced file fails the commit; the next run compacts again).
 */
public final class Compactor {
  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  private final PipelineResources resources;
  private final Map<String, FoldCache> foldCaches;

  public Compactor(PipelineResources resources) {
    this(resources, Map.of());
  }

  /** {@code foldCaches}: by table name, what a worker keeps in memory of the table's small files (see FoldCache). */
  public Compactor(PipelineResources resources, Map<String, FoldCache> foldCaches) {
    this.resources = resources;
    this.foldCaches = Map.copyOf(foldCaches);
  }

  public MaintenanceResult compact(String tableName, int minFilesToCompact, long targetFileBytes,
      ProgressReporter progress) {
    if (minFilesToCompact < 2) throw new IllegalArgumentException("minFilesToCompact must be >= 2");
    if (targetFileBytes < 1) throw new IllegalArgumentException("targetFileBytes must be > 0");
    Table table = resources.catalog().loadTable(resources.table(tableName));
    Snapshot base = table.currentSnapshot();
    if (base == null) return new MaintenanceResult(tableName, 0, 0, 0, 0, 0, 0);

    long smallBelow = targetFileBytes * 3 / 4;
    Map<String, List<DataFile>> groups = new LinkedHashMap<>();
    List<FileScanTask> all = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).includeColumnStats().planFiles()) {
      tasks.forEach(all::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, DeleteFolder.Partition> withDeletes = DeleteFolder.partitionsWithDeletes(table, all);
    withDeletes.values().removeIf(p -> p.files() < minFilesToCompact);
    for (FileScanTask t : all) {
      DataFile f = t.file();
      if (!t.deletes().isEmpty() || f.fileSizeInBytes() >= smallBelow || f.specId() != table.spec().specId()) {
        continue;
      }
      String key = groupKey(table, f);
      if (withDeletes.containsKey(key.split("#", 2)[0])) continue; // rewritten whole below
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f.copy());
    }

    List<DataFile> removed = new ArrayList<>();
    List<DeleteFile> removedDeletes = new ArrayList<>();
    List<DataFile> added = new ArrayList<>();
    List<DeleteFile> addedDeletes = new ArrayList<>();
    int partitions = 0;
    int folds = 0;
    long rows = 0;
    List<Runnable> aborts = Collections.synchronizedList(new ArrayList<>());
    try {
      List<DeleteFolder.Partition> whole = new ArrayList<>();
      FoldCache cache = foldCaches.getOrDefault(tableName, FoldCache.NONE);
      for (DeltaFolder.Outcome o : DeltaFolder.foldAll(table, withDeletes.values(), DeltaFolder.MIN_KEPT_ROWS,
          targetFileBytes, aborts::add, cache,
          () -> progress.progress(() -> "compacting " + tableName + " (folding small files and deletes)"))) {
        if (o.plan() == null) {
          // a partition filter selects a partition of identity transforms exactly; the others stay as they are
          if (o.partition().byIdentity()) whole.add(o.partition());
        } else if (o.result() != null) {
          removed.addAll(o.plan().replaced());
          removedDeletes.addAll(o.partition().deletes.values());
          added.addAll(o.result().data());
          addedDeletes.addAll(o.result().deletes());
          rows += o.result().rows();
          partitions++;
          folds++;
        }
      }
      for (DeleteFolder.Partition p : whole) {
        RecordAppender out = RecordAppender.forTable(table, targetFileBytes);
        aborts.add(out::abort);
        long live = DeleteFolder.rewrite(table, base.snapshotId(), p, out);
        progress.progress(() -> "compacting " + tableName + " (applying deletes)");
        RecordAppender.Result result = out.complete();
        if (result.recordCount() != live) throw new IllegalStateException("compaction of " + tableName + " wrote "
            + result.recordCount() + " of " + live + " live rows");
        removed.addAll(p.data.values());
        removedDeletes.addAll(p.deletes.values());
        added.addAll(result.dataFiles());
        rows += live;
        partitions++;
      }
      for (List<DataFile> group : groups.values()) {
        if (group.size() < minFilesToCompact) continue;
        group.sort(fileOrder(table));
        RecordAppender out = RecordAppender.forTable(table, targetFileBytes);
        aborts.add(out::abort);
        for (DataFile f : group) {
          DataFileRecords.forEach(table, f, table.schema(), r -> out.write(r.copy()));
          progress.progress(() -> "compacting " + tableName);
        }
        RecordAppender.Result result = out.complete();
        long before = group.stream().mapToLong(DataFile::recordCount).sum();
        if (result.recordCount() != before) {
          throw new IllegalStateException("compaction of " + tableName + " read " + result.recordCount()
              + " rows from files that hold " + before);
        }
        removed.addAll(group);
        added.addAll(result.dataFiles());
        rows += before;
        partitions++;
      }
      if (removed.isEmpty() && removedDeletes.isEmpty()) {
        return new MaintenanceResult(tableName, 0, 0, 0, 0, 0, base.snapshotId());
      }
      RewriteFiles rewrite = table.newRewrite()
          .validateFromSnapshot(base.snapshotId())
          .dataSequenceNumber(base.sequenceNumber());
      removed.forEach(rewrite::deleteFile);
      removedDeletes.forEach(rewrite::deleteFile);
      added.forEach(rewrite::addFile);
      // the folds' delete files get the new snapshot's sequence number: above the kept files' they apply to
      addedDeletes.forEach(rewrite::addFile);
      int filesAdded = added.size() + addedDeletes.size();
      rewrite.set("pos.compaction.files-removed", Integer.toString(removed.size() + removedDeletes.size()));
      rewrite.set("pos.compaction.files-added", Integer.toString(filesAdded));
      rewrite.commit();
    } catch (RuntimeException e) {
      aborts.forEach(Runnable::run); // nothing committed: the new files must not stay around
      throw e;
    }
    table.refresh();
    int filesAdded = added.size() + addedDeletes.size();
    LOG.info("compacted {}: {} partitions ({} folded, their large files kept), {} files → {} files, {} rows written",
        tableName, partitions, folds, removed.size() + removedDeletes.size(), filesAdded, rows);
    return new MaintenanceResult(tableName, partitions, removed.size() + removedDeletes.size(), filesAdded, rows, 0,
        table.currentSnapshot().snapshotId());
  }

  private static String groupKey(Table table, DataFile f) {
    StringBuilder key = new StringBuilder().append(f.specId()).append('/')
        .append(table.specs().get(f.specId()).partitionToPath(f.partition()));
    String sole = soleValue(table, f);
    if (sole != null) key.append('#').append(sole);
    return key.toString();
  }

  /**
   * The one value of the table's leading sort column that all rows of the file hold, when that column is a category
   * (bronze's Kafka partition, gold's store), else null. Files holding one such value stay apart so readers keep
   * pruning by it; a time column (pipeline_runs' started_at) is no category: one-row files would each be their own
   * group and never compact.
   */
  static String soleValue(Table table, DataFile f) {
    List<SortField> sort = table.sortOrder().fields();
    if (sort.isEmpty() || !sort.get(0).transform().isIdentity()
        || table.schema().findType(sort.get(0).sourceId()) instanceof Types.TimestampType) {
      return null;
    }
    int id = sort.get(0).sourceId();
    ByteBuffer lo = f.lowerBounds() == null ? null : f.lowerBounds().get(id);
    ByteBuffer hi = f.upperBounds() == null ? null : f.upperBounds().get(id);
    if (lo == null || !lo.equals(hi)) return null;
    return Objects.toString(Conversions.fromByteBuffer(table.schema().findType(id), lo));
  }

  /** Files ordered by the lower bounds of the sort columns (missing bounds first). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<DataFile> fileOrder(Table table) {
    Comparator<DataFile> order = (a, b) -> 0;
    for (SortField s : table.sortOrder().fields()) {
      if (!s.transform().isIdentity()) break;
      int id = s.sourceId();
      Type type = table.schema().findType(id);
      if (!type.isPrimitiveType()) break;
      Comparator cmp = Comparators.forType(type.asPrimitiveType());
      order = order.thenComparing((DataFile f) -> {
        ByteBuffer lo = f.lowerBounds() == null ? null : f.lowerBounds().get(id);
        return lo == null ? null : (Object) Conversions.fromByteBuffer(type, lo);
      }, Comparator.nullsFirst(cmp));
    }
    return order;
  }
}
