package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.catalog.io.PositionDeleteAppender;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SmallFileWrites;
import dev.poslake.catalog.io.StagedDataFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.CharSequenceSet;

/**
 * The files one bucket merge writes, store by store (stores may be merged on several threads), for the
 * {@code RowDelta} that applies them ({@link BucketCommit} commits it):
 * <ul>
 *   <li><b>copy-on-write</b> of a store: all its rows into a new data file of its own; its own data files (and, with
 *       a partition per store, their delete files) are removed, and its rows in shared files are deleted by
 *       position;</li>
 *   <li><b>merge-on-read</b> of a store: position deletes for the old rows of the changed pairs plus their new rows;
 *       nothing is rewritten. Where a table partition holds several stores ({@link GoldLayout}), a few rows of many
 *       stores go into one delete file and one data file per partition ({@link #finish}), written when the
 *       partition has gathered {@link #FLUSH_ROWS} rows or the bucket's stores are done: a touch of 10 pairs in each
 *       of 1,000 stores writes 128 files instead of 2,000. A store changing more rows than {@link #SHARED_MAX_ROWS}
 *       writes files of its own, as with a partition per store.</li>
 * </ul>
 */
final class GoldWrites implements AutoCloseable {
  private static final Comparator<GoldRow> BY_ITEM = Comparator.comparingInt(GoldRow::itemId);
  private static final Comparator<GoldRow> BY_STORE_ITEM =
      Comparator.comparingInt(GoldRow::storeId).thenComparingInt(GoldRow::itemId);
  private static final Comparator<GoldFiles.Located> BY_POSITION =
      Comparator.comparing(GoldFiles.Located::file).thenComparingLong(GoldFiles.Located::pos);
  /** A store's merge-on-read of at most this many rows goes into its partition's shared files. */
  static final int SHARED_MAX_ROWS = 4096;
  /** A partition's shared files are written once they gather this many rows and positions (bounds memory). */
  static final int FLUSH_ROWS = 65_536;

  private final Table gold;
  private final GoldLayout layout;
  /** The table's data files go here (its write.data.path, else location/data), as Iceberg's own writers put them. */
  private final String dataLocation;
  /** Rows and positions gathered per table partition (path) of several stores, written by {@link #finish}. */
  private final Map<String, SharedPartition> shared = new ConcurrentHashMap<>();
  // guarded by this
  private final List<StagedDataFiles<GoldRow>> rowWriters = new ArrayList<>();
  private final List<PositionDeleteAppender> deleteWriters = new ArrayList<>();
  private final List<DataFile> addedData = new ArrayList<>();
  private final List<DeleteFile> addedDeletes = new ArrayList<>();
  private final CharSequenceSet referenced = CharSequenceSet.empty();
  private final List<DataFile> removedData = new ArrayList<>();
  private final List<DeleteFile> removedDeletes = new ArrayList<>();
  private int storesRewritten;
  private int storesMergedOnRead;

  /** The new rows and deleted positions of a partition's stores, gathered for its shared files. */
  private static final class SharedPartition {
    final PartitionKey key;
    List<GoldRow> rows = new ArrayList<>(); // guarded by this
    List<GoldFiles.Located> deleted = new ArrayList<>(); // guarded by this

    SharedPartition(PartitionKey key) {
      this.key = key;
    }
  }

  GoldWrites(Table gold) {
    this.gold = gold;
    this.layout = GoldLayout.of(gold);
    this.dataLocation = gold.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, gold.location() + "/data");
  }

  /**
   * Replaces the store's rows with {@code all} of them: {@code inShared} are its old rows in files it shares with
   * other stores (deleted by position).
   */
  void copyOnWrite(int store, GoldFiles.StoreFiles files, List<GoldRow> all, List<GoldFiles.Located> inShared) {
    all.sort(BY_ITEM);
    RecordAppender.Result written = writeRows(layout.partitionOf(store), all, Map.of());
    if (!inShared.isEmpty()) gather(store, inShared, List.of());
    synchronized (this) {
      addedData.addAll(written.dataFiles());
      removedData.addAll(files.own());
      removedDeletes.addAll(files.deletes());
      storesRewritten++;
    }
  }

  /** Deletes the old rows' positions and adds the new rows of one store. */
  void mergeOnRead(int store, List<GoldFiles.Located> oldRows, List<GoldRow> newRows) {
    if (!layout.storePerPartition() && oldRows.size() + newRows.size() <= SHARED_MAX_ROWS) {
      gather(store, oldRows, newRows);
    } else {
      PartitionKey partition = layout.partitionOf(store);
      writeDeletes(partition, oldRows);
      newRows.sort(BY_ITEM);
      keepRows(writeRows(partition, newRows, SmallFileWrites.PROPERTIES), newRows);
    }
    synchronized (this) {
      storesMergedOnRead++;
    }
  }

  /** Adds a store's deleted positions and new rows to its partition's shared files; writes them once they are many. */
  private void gather(int store, List<GoldFiles.Located> oldRows, List<GoldRow> newRows) {
    SharedPartition p = shared.computeIfAbsent(layout.pathOf(store), k -> new SharedPartition(layout.partitionOf(store)));
    synchronized (p) {
      p.deleted.addAll(oldRows);
      p.rows.addAll(newRows);
      if (p.deleted.size() + p.rows.size() >= FLUSH_ROWS) flush(p);
    }
  }

  /** Writes every partition's gathered rows and positions: call once the bucket's stores are merged. */
  void finish() {
    for (SharedPartition p : shared.values()) {
      synchronized (p) {
        flush(p);
      }
    }
  }

  /** Writes a partition's gathered positions (one delete file) and rows (one data file). Holds p's lock. */
  private void flush(SharedPartition p) {
    List<GoldFiles.Located> deleted = p.deleted;
    List<GoldRow> rows = p.rows;
    p.deleted = new ArrayList<>();
    p.rows = new ArrayList<>();
    writeDeletes(p.key, deleted);
    rows.sort(BY_STORE_ITEM);
    keepRows(writeRows(p.key, rows, SmallFileWrites.PROPERTIES), rows);
  }

  /** Writes one delete file for the positions (of one partition), kept in memory for the next look-ups. */
  private void writeDeletes(PartitionKey partition, List<GoldFiles.Located> positions) {
    if (positions.isEmpty()) return;
    positions.sort(BY_POSITION);
    PositionDeleteAppender deletes = new PositionDeleteAppender(gold, SmallFileWrites.PROPERTIES);
    synchronized (this) {
      deleteWriters.add(deletes);
    }
    for (GoldFiles.Located old : positions) deletes.delete(old.file(), old.pos(), partition);
    PositionDeleteAppender.Result deleted = deletes.complete();
    if (deleted.deleteFiles().size() == 1) {
      SmallGoldFiles.SHARED.putDeletes(deleted.deleteFiles().get(0).location(), byDataFile(positions));
    }
    synchronized (this) {
      addedDeletes.addAll(deleted.deleteFiles());
      referenced.addAll(deleted.referencedDataFiles());
    }
  }

  /** The positions per data file (the list sorted by file, then position). */
  private static Map<String, long[]> byDataFile(List<GoldFiles.Located> sorted) {
    Map<String, long[]> out = new HashMap<>();
    int from = 0;
    for (int i = 1; i <= sorted.size(); i++) {
      if (i == sorted.size() || !sorted.get(i).file().equals(sorted.get(from).file())) {
        long[] positions = new long[i - from];
        for (int j = from; j < i; j++) positions[j - from] = sorted.get(j).pos();
        out.put(sorted.get(from).file(), positions);
        from = i;
      }
    }
    return out;
  }

  /** Adds the written rows; keeps them in memory when they are one file (their positions are their order). */
  private void keepRows(RecordAppender.Result written, List<GoldRow> rows) {
    if (written.dataFiles().size() == 1 && written.recordCount() == rows.size()) {
      SmallGoldFiles.SHARED.putRows(written.dataFiles().get(0).location(), rows);
    }
    synchronized (this) {
      addedData.addAll(written.dataFiles());
    }
  }

  /** Writes rows of one partition (in the given order) to new data files, with {@code properties} over the table's. */
  private RecordAppender.Result writeRows(PartitionKey partition, List<GoldRow> rows, Map<String, String> properties) {
    if (rows.isEmpty()) return RecordAppender.Result.of(List.of());
    StagedDataFiles<GoldRow> out = StagedDataFiles.<GoldRow>of(gold, dataLocation, "gold-" + UUID.randomUUID(),
        GoldRowParquet::create).withWriteProperties(properties);
    synchronized (this) {
      rowWriters.add(out);
    }
    StagedDataFiles<GoldRow>.Partition into = out.partition(partition);
    for (GoldRow g : rows) into.write(g);
    return RecordAppender.Result.of(out.complete());
  }

  synchronized int storesRewritten() {
    return storesRewritten;
  }

  synchronized int storesMergedOnRead() {
    return storesMergedOnRead;
  }

  /** Whether anything was written (files added or removed). */
  synchronized boolean isEmpty() {
    return addedData.isEmpty() && addedDeletes.isEmpty() && removedData.isEmpty() && removedDeletes.isEmpty();
  }

  /**
   * Adds everything to {@code delta} (one bucket's writes, or several buckets' committed together); the data files
   * the position deletes reference go to {@code referenced}, for {@code validateDataFilesExist}.
   */
  synchronized void addTo(RowDelta delta, CharSequenceSet referenced) {
    addedData.forEach(delta::addRows);
    addedDeletes.forEach(delta::addDeletes);
    removedData.forEach(delta::removeRows);
    removedDeletes.forEach(delta::removeDeletes);
    referenced.addAll(this.referenced);
  }

  /** The files are referenced by a commit now (or may be: commit state unknown): never delete them. */
  synchronized void keep() {
    rowWriters.clear();
    deleteWriters.clear();
  }

  synchronized void abort() {
    rowWriters.forEach(StagedDataFiles::abort);
    deleteWriters.forEach(PositionDeleteAppender::abort);
    rowWriters.clear();
    deleteWriters.clear();
  }

  /** Without a commit, the written files are deleted. */
  @Override
  public synchronized void close() {
    abort();
  }
}
