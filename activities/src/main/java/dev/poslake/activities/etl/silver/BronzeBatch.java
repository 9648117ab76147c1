package dev.poslake.activities.etl.silver;

import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The bronze data files of one silver batch: those added by the bronze snapshots after {@code from}
 * (exclusive) up to {@code to} (inclusive). Only metadata is held (a list of files), never rows.
 *
 * <p>Compaction ({@code replace}) snapshots are skipped: their files hold rows that earlier appends added.
 * For the very first batch ({@code from} absent) the live files of snapshot {@code to} are read instead,
 * which are all bronze rows exactly once even if some were compacted.
 *
 * <p>Files keep the lower/upper bounds of the Kafka partition and offset columns only, so that
 * {@link #inPositionOrder(Table)} can order them by position without holding all column statistics.
 */
record BronzeBatch(Long from, long to, int snapshots, List<DataFile> files) {

  /** Empty if there is nothing new; {@code max} &gt; 0 caps the number of bronze snapshots. */
  static java.util.Optional<BronzeBatch> plan(Table bronze, Long from, int max) {
    Snapshot current = bronze.currentSnapshot();
    if (current == null) return java.util.Optional.empty();
    List<Snapshot> newer = new ArrayList<>();
    boolean reachedFrom = from == null;
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), bronze::snapshot)) {
      if (from != null && s.snapshotId() == from) {
        reachedFrom = true;
        break;
      }
      if (!SnapshotProperties.isReplace(s)) newer.add(s);
    }
    if (!reachedFrom) {
      throw new IllegalStateException("bronze snapshot " + from + " that silver processed last is not in the "
          + "bronze table's history any more (expired?): cannot tell which bronze rows are new");
    }
    if (newer.isEmpty()) return java.util.Optional.empty();
    Collections.reverse(newer); // oldest first
    if (max > 0 && newer.size() > max) newer = newer.subList(0, max);
    return java.util.Optional.of(of(bronze, from, newer.get(newer.size() - 1).snapshotId(), newer.size()));
  }

  /** The batch (from, to] — also used by a retry that must reprocess exactly a range recorded earlier. */
  static BronzeBatch of(Table bronze, Long from, long to, int snapshotCount) {
    List<DataFile> files = new ArrayList<>();
    Set<Integer> positionColumns = positionColumns(bronze);
    if (from == null) {
      try (CloseableIterable<FileScanTask> tasks = bronze.newScan().useSnapshot(to).includeColumnStats()
          .planFiles()) {
        for (FileScanTask t : tasks) files.add(t.file().copyWithStats(positionColumns));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int count = snapshotCount;
      if (count < 0) { // a batch recorded earlier: count its snapshots again
        count = 0;
        for (Snapshot s : SnapshotUtil.ancestorsOf(to, bronze::snapshot)) if (!SnapshotProperties.isReplace(s)) count++;
      }
      return new BronzeBatch(null, to, count, files);
    }
    int count = 0;
    for (Snapshot s : SnapshotUtil.ancestorsBetween(to, from, bronze::snapshot)) {
      if (SnapshotProperties.isReplace(s)) continue;
      // through the table's specs: Snapshot.addedDataFiles(io) reads them from each manifest, logging a warning
      SnapshotChanges changes = SnapshotChanges.builderFor(bronze).snapshot(s).build();
      if (!DataOperations.APPEND.equals(s.operation()) && changes.removedDataFiles().iterator().hasNext()) {
        throw new IllegalStateException("bronze snapshot " + s.snapshotId() + " (" + s.operation()
            + ") removes data: bronze must be append-only");
      }
      for (DataFile f : changes.addedDataFiles()) files.add(f.copyWithStats(positionColumns));
      count++;
    }
    return new BronzeBatch(from, to, count, files);
  }

  /**
   * A parse group's files: the plan's batch derived again from the bronze snapshots (immutable), in position
   * order, checked against the plan's count and checksum, then the group's range of them.
   */
  static List<DataFile> filesOf(Table bronze, SilverPlan plan, SilverPlan.ParseGroup group) {
    List<DataFile> ordered = of(bronze, plan.fromBronzeSnapshot(), plan.toBronzeSnapshot(), plan.bronzeSnapshots())
        .inPositionOrder(bronze);
    if (ordered.size() != plan.files() || checksum(ordered) != plan.filesChecksum()) {
      throw new SilverPlanMismatchException("bronze (" + plan.fromBronzeSnapshot() + ", " + plan.toBronzeSnapshot()
          + "] has " + ordered.size() + " files now, not the " + plan.files() + " files planned (or other ones)");
    }
    return ordered.subList(group.firstFile(), group.endFile());
  }

  private static Set<Integer> positionColumns(Table bronze) {
    return Set.of(bronze.schema().findField(RawInventoryChangeTable.PARTITION).fieldId(),
        bronze.schema().findField(RawInventoryChangeTable.OFFSET).fieldId());
  }

  /**
   * The files ordered by the lowest (Kafka partition, offset) they hold, per their statistics (files without
   * them last). Bronze writes each file from one offset range of one partition, in offset order, so reading in
   * this order meets positions in increasing order; readers must still check that, since nothing forces it
   * (e.g. a compacted file mixing partitions, or missing statistics).
   */
  List<DataFile> inPositionOrder(Table bronze) {
    int partitionId = bronze.schema().findField(RawInventoryChangeTable.PARTITION).fieldId();
    int offsetId = bronze.schema().findField(RawInventoryChangeTable.OFFSET).fieldId();
    List<DataFile> sorted = new ArrayList<>(files);
    // ties (files without statistics) by path: the plan and every parse activity must see the same list
    sorted.sort(Comparator.<DataFile>comparingLong(f -> lowestPosition(f, partitionId, offsetId))
        .thenComparing(DataFile::location));
    return sorted;
  }

  /** A checksum of the files' paths in this order, so an activity can tell it derived the plan's list. */
  static long checksum(List<DataFile> ordered) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    for (DataFile f : ordered) {
      crc.update(f.location().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      crc.update('\n');
    }
    return crc.getValue() ^ ((long) ordered.size() << 32);
  }

  private static long lowestPosition(DataFile f, int partitionId, int offsetId) {
    Map<Integer, ByteBuffer> lower = f.lowerBounds();
    if (lower == null || lower.get(partitionId) == null || lower.get(offsetId) == null) return Long.MAX_VALUE;
    int partition = Conversions.fromByteBuffer(Types.IntegerType.get(), lower.get(partitionId));
    long offset = Conversions.fromByteBuffer(Types.LongType.get(), lower.get(offsetId));
    return Positions.of(partition, offset);
  }
}
