package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.catalog.io.PositionDeleteAppender;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SmallFileWrites;
import dev.poslake.catalog.io.StagedDataFiles;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.util.CharSequenceSet;

/**
 * The files one bucket merge writes, store by store (stores may be merged on several threads: each store gets its
 * own writers), for the {@code RowDelta} that applies them ({@link BucketCommit} commits it):
 * <ul>
 *   <li><b>copy-on-write</b> of a store: all its rows into new data files; its live data files and their delete
 *       files are removed;</li>
 *   <li><b>merge-on-read</b> of a store: position deletes for the old rows of the changed pairs plus a data file
 *       with their new rows; nothing is rewritten.</li>
 * </ul>
 */
final class GoldWrites implements AutoCloseable {
  private static final Comparator<GoldRow> BY_ITEM = Comparator.comparingInt(GoldRow::itemId);

  private final Table gold;
  /** The table's data files go here (its write.data.path, else location/data), as Iceberg's own writers put them. */
  private final String dataLocation;
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

  GoldWrites(Table gold) {
    this.gold = gold;
    this.dataLocation = gold.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, gold.location() + "/data");
    // a store's rows and position deletes are written as one partition: the partition must follow from store_id
    int storeField = gold.schema().findField(CurrentInventoryTable.STORE_ID).fieldId();
    if (!gold.spec().fields().stream().allMatch(f -> f.sourceId() == storeField)) {
      throw new IllegalStateException(gold.name() + " must be partitioned by store_id alone (as created: "
          + CurrentInventoryTable.SPEC + "), its spec is " + gold.spec() + ": restore the spec, or rebuild the table");
    }
  }

  /** Replaces the store's files with {@code all} of its rows. */
  void copyOnWrite(int store, GoldFiles.StoreFiles files, List<GoldRow> all) {
    all.sort(BY_ITEM);
    RecordAppender.Result written = writeRows(store, all, Map.of());
    synchronized (this) {
      addedData.addAll(written.dataFiles());
      removedData.addAll(files.data());
      removedDeletes.addAll(files.deletes());
      storesRewritten++;
    }
  }

  /** Deletes the old rows' positions and adds the new rows of one store. */
  void mergeOnRead(int store, List<GoldFiles.Located> oldRows, List<GoldRow> newRows) {
    PositionDeleteAppender.Result deleted = null;
    if (!oldRows.isEmpty()) {
      oldRows.sort(Comparator.comparing(GoldFiles.Located::file).thenComparingLong(GoldFiles.Located::pos));
      PartitionKey partition = storePartition(store);
      PositionDeleteAppender deletes = new PositionDeleteAppender(gold, SmallFileWrites.PROPERTIES);
      synchronized (this) {
        deleteWriters.add(deletes);
      }
      for (GoldFiles.Located old : oldRows) deletes.delete(old.file(), old.pos(), partition);
      deleted = deletes.complete();
      keepDeleted(deleted, oldRows);
    }
    newRows.sort(BY_ITEM);
    RecordAppender.Result written = writeRows(store, newRows, SmallFileWrites.PROPERTIES);
    if (written.dataFiles().size() == 1 && written.recordCount() == newRows.size()) {
      // the rows' positions in the one file are their order: the store's next look-up needs no request for them
      String file = written.dataFiles().get(0).location();
      SmallGoldFiles.SHARED.putRows(file, newRows);
      // a delete file of several data files applies to the whole partition, this file too: it deletes nothing here
      if (deleted != null && deleted.deleteFiles().size() == 1) {
        SmallGoldFiles.SHARED.putDeleted(deleted.deleteFiles().get(0).location(), file, new long[0]);
      }
    }
    synchronized (this) {
      addedData.addAll(written.dataFiles());
      if (deleted != null) {
        addedDeletes.addAll(deleted.deleteFiles());
        referenced.addAll(deleted.referencedDataFiles());
      }
      storesMergedOnRead++;
    }
  }

  /** Keeps, per data file, the positions the one delete file written deletes (sorted by file, then position). */
  private static void keepDeleted(PositionDeleteAppender.Result deleted, List<GoldFiles.Located> sorted) {
    if (deleted.deleteFiles().size() != 1) return;
    String deleteFile = deleted.deleteFiles().get(0).location();
    int from = 0;
    for (int i = 1; i <= sorted.size(); i++) {
      if (i == sorted.size() || !sorted.get(i).file().equals(sorted.get(from).file())) {
        long[] positions = new long[i - from];
        for (int j = from; j < i; j++) positions[j - from] = sorted.get(j).pos();
        SmallGoldFiles.SHARED.putDeleted(deleteFile, sorted.get(from).file(), positions);
        from = i;
      }
    }
  }

  /** The partition of a store's rows (the table is partitioned by store). */
  private PartitionKey storePartition(int store) {
    PartitionKey partition = new PartitionKey(gold.spec(), gold.schema());
    GenericRecord key = GenericRecord.create(gold.schema());
    key.setField(CurrentInventoryTable.STORE_ID, store);
    partition.partition(new InternalRecordWrapper(gold.schema().asStruct()).wrap(key));
    return partition;
  }

  /** Writes one store's rows (in the given order) to new data files, with {@code properties} over the table's. */
  private RecordAppender.Result writeRows(int store, List<GoldRow> rows, Map<String, String> properties) {
    StagedDataFiles<GoldRow> out = StagedDataFiles.<GoldRow>of(gold, dataLocation, "gold-" + UUID.randomUUID(),
        GoldRowParquet::create).withWriteProperties(properties);
    synchronized (this) {
      rowWriters.add(out);
    }
    StagedDataFiles<GoldRow>.Partition partition = out.partition(storePartition(store));
    for (GoldRow g : rows) partition.write(g);
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
