package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.catalog.io.PositionDeleteAppender;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.expressions.Expressions;

/**
 * The files one gold merge writes, store by store (ascending store ids: both writers are clustered by
 * partition), and the single {@code RowDelta} commit that applies them:
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
  private final RecordAppender rows;
  private final PositionDeleteAppender deletes;
  private final List<DataFile> removedData = new ArrayList<>();
  private final List<DeleteFile> removedDeletes = new ArrayList<>();
  private final PartitionKey partition;
  private final InternalRecordWrapper wrapper;
  int storesRewritten;
  int storesMergedOnRead;

  GoldWrites(Table gold) {
    this.gold = gold;
    this.rows = RecordAppender.clustered(gold);
    this.deletes = new PositionDeleteAppender(gold);
    this.partition = new PartitionKey(gold.spec(), gold.schema());
    this.wrapper = new InternalRecordWrapper(gold.schema().asStruct());
  }

  /** Replaces the store's files with {@code all} of its rows. */
  void copyOnWrite(GoldFiles.StoreFiles files, List<GoldRow> all) {
    all.sort(BY_ITEM);
    for (GoldRow g : all) rows.write(GoldRecords.gold(gold.schema(), g));
    removedData.addAll(files.data());
    removedDeletes.addAll(files.deletes());
    storesRewritten++;
  }

  /** Deletes the old rows' positions and adds the new rows of one store. */
  void mergeOnRead(int store, List<GoldFiles.Located> oldRows, List<GoldRow> newRows) {
    oldRows.sort(Comparator.comparing(GoldFiles.Located::file).thenComparingLong(GoldFiles.Located::pos));
    if (!oldRows.isEmpty()) {
      GenericRecord key = GenericRecord.create(gold.schema());
      key.setField(CurrentInventoryTable.STORE_ID, store);
      partition.partition(wrapper.wrap(key));
      for (GoldFiles.Located old : oldRows) deletes.delete(old.file(), old.pos(), partition);
    }
    newRows.sort(BY_ITEM);
    for (GoldRow g : newRows) rows.write(GoldRecords.gold(gold.schema(), g));
    storesMergedOnRead++;
  }

  /**
   * Commits everything with the summary properties, validated against the base snapshot: gold has one writer at
   * a time, so a conflicting commit since means a stale base; it fails and the activity retry recomputes.
   */
  void commit(Snapshot base, Map<String, String> summary, Runnable beforeCommit) {
    RecordAppender.Result added = rows.complete();
    PositionDeleteAppender.Result deleted = deletes.complete();
    RowDelta delta = gold.newRowDelta();
    added.dataFiles().forEach(delta::addRows);
    deleted.deleteFiles().forEach(delta::addDeletes);
    removedData.forEach(delta::removeRows);
    removedDeletes.forEach(delta::removeDeletes);
    if (base != null) {
      delta.validateFromSnapshot(base.snapshotId()).conflictDetectionFilter(Expressions.alwaysTrue())
          .validateNoConflictingDataFiles().validateNoConflictingDeleteFiles().validateDeletedFiles();
      if (!deleted.referencedDataFiles().isEmpty()) delta.validateDataFilesExist(deleted.referencedDataFiles());
    }
    summary.forEach(delta::set);
    try {
      beforeCommit.run();
      delta.commit();
    } catch (org.apache.iceberg.exceptions.CommitStateUnknownException unknown) {
      throw unknown; // the files may be referenced now: keep them
    } catch (RuntimeException e) {
      rows.abort();
      deletes.abort();
      throw e;
    }
  }

  /** Without a commit, the written files are deleted. */
  @Override
  public void close() {
    rows.close();
    deletes.close();
  }
}
