package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.domain.ChangeLine;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.activities.etl.domain.Rejection;
import dev.poslake.activities.etl.io.RecordTemplate;
import dev.poslake.activities.etl.io.UtcTimes;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;

/**
 * The output of one silver attempt: new (uncommitted) data files of inventory_change and
 * rejected_inventory_change, and the counts. Rows are built by position from templates (no per-row schema
 * lookups). Closing without {@link #complete()} deletes what was written.
 */
final class SilverWriter implements AutoCloseable {
  final RecordAppender changes;
  final RecordAppender rejects;
  private final boolean writeRejects;
  private final OffsetDateTime now;
  private final RecordTemplate changeRow;
  private final RecordTemplate rejectRow;
  private final int cTrans, cStore, cTime, cType, cItem, cQty, cPart, cParts, cLine, cSrcPart, cSrcOff, cIngested;
  private final int rTopic, rPart, rOff, rRaw, rReason, rDetail, rAt;

  private boolean aborted;
  long rows;
  long parts;
  long duplicates;
  long rejected;
  final Map<String, Long> rejectsByReason = new TreeMap<>();

  /** writeRejects false: an earlier attempt committed this batch's rejects; count them, don't write them. */
  SilverWriter(Table change, Table rejectedTable, boolean writeRejects, OffsetDateTime now) {
    this.writeRejects = writeRejects;
    this.now = now;
    this.changeRow = new RecordTemplate(change.schema());
    this.rejectRow = new RecordTemplate(rejectedTable.schema());
    cTrans = changeRow.position(InventoryChangeTable.TRANS_ID);
    cStore = changeRow.position(InventoryChangeTable.STORE_ID);
    cTime = changeRow.position(InventoryChangeTable.DATE_TIME);
    cType = changeRow.position(InventoryChangeTable.CHANGE_TYPE_ID);
    cItem = changeRow.position(InventoryChangeTable.ITEM_ID);
    cQty = changeRow.position(InventoryChangeTable.QUANTITY);
    cPart = changeRow.position(InventoryChangeTable.PART);
    cParts = changeRow.position(InventoryChangeTable.PARTS);
    cLine = changeRow.position(InventoryChangeTable.LINE);
    cSrcPart = changeRow.position(InventoryChangeTable.SOURCE_PARTITION);
    cSrcOff = changeRow.position(InventoryChangeTable.SOURCE_OFFSET);
    cIngested = changeRow.position(InventoryChangeTable.INGESTED_AT);
    rTopic = rejectRow.position(RejectedInventoryChangeTable.TOPIC);
    rPart = rejectRow.position(RejectedInventoryChangeTable.SOURCE_PARTITION);
    rOff = rejectRow.position(RejectedInventoryChangeTable.SOURCE_OFFSET);
    rRaw = rejectRow.position(RejectedInventoryChangeTable.RAW_VALUE);
    rReason = rejectRow.position(RejectedInventoryChangeTable.REASON);
    rDetail = rejectRow.position(RejectedInventoryChangeTable.DETAIL);
    rAt = rejectRow.position(RejectedInventoryChangeTable.REJECTED_AT);
    this.changes = RecordAppender.forTable(change);
    this.rejects = RecordAppender.forTable(rejectedTable);
  }

  /** Writes the part's lines: this occurrence is the one silver keeps. */
  void part(ParsedTransaction t, int partition, long offset) {
    OffsetDateTime time = UtcTimes.of(t.dateTime()); // once per part: all its lines share it
    List<ChangeLine> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      ChangeLine line = lines.get(i);
      GenericRecord row = changeRow.newRecord();
      row.set(cTrans, t.transId());
      row.set(cStore, t.storeId());
      row.set(cTime, time);
      row.set(cType, t.changeTypeId());
      row.set(cItem, line.itemId());
      row.set(cQty, line.quantity());
      row.set(cPart, t.part());
      row.set(cParts, t.parts());
      row.set(cLine, line.line());
      row.set(cSrcPart, partition);
      row.set(cSrcOff, offset);
      row.set(cIngested, now);
      changes.write(row);
      rows++;
    }
    parts++;
  }

  void duplicate() {
    duplicates++;
  }

  /** A rejected record; {@code raw} is its value as read (copied here, the reader may reuse the buffer). */
  void reject(Rejection rej, String topic, int partition, long offset, ByteBuffer raw) {
    rejectsByReason.merge(rej.code(), 1L, Long::sum);
    rejected++;
    if (!writeRejects) return;
    GenericRecord row = rejectRow.newRecord();
    row.set(rTopic, topic);
    row.set(rPart, partition);
    row.set(rOff, offset);
    row.set(rRaw, raw == null ? null : copy(raw));
    row.set(rReason, rej.code());
    row.set(rDetail, rej.detail());
    row.set(rAt, now);
    rejects.write(row);
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return ByteBuffer.wrap(out);
  }

  /** Deletes what was written (a speculative attempt that turned out not to apply). */
  void abort() {
    if (aborted) return;
    aborted = true;
    changes.abort();
    rejects.abort();
  }

  @Override
  public void close() {
    changes.close();
    rejects.close();
  }
}
