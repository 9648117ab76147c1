package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.domain.Rejection;
import dev.poslake.activities.etl.io.RecordTemplate;
import dev.poslake.catalog.io.StagedDataFiles;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;

/**
 * Uncommitted rejected_inventory_change files under a plan's prefix. Rejects are few: generic records. All of an
 * attempt's rejects share rejected_at, so they go to one partition, resolved once.
 */
final class RejectFiles implements AutoCloseable {
  private final StagedDataFiles<org.apache.iceberg.data.Record> files;
  private final RecordTemplate template;
  private final OffsetDateTime now;
  private final int topic, partition, offset, raw, reason, detail, at;
  private final PartitionKey partitionKey;
  private final InternalRecordWrapper wrapper;
  private StagedDataFiles<org.apache.iceberg.data.Record>.Partition out;

  RejectFiles(Table rejected, String prefix, String name, OffsetDateTime now) {
    this.files = StagedDataFiles.records(rejected, prefix, name);
    this.template = new RecordTemplate(rejected.schema());
    this.now = now;
    topic = template.position(RejectedInventoryChangeTable.TOPIC);
    partition = template.position(RejectedInventoryChangeTable.SOURCE_PARTITION);
    offset = template.position(RejectedInventoryChangeTable.SOURCE_OFFSET);
    raw = template.position(RejectedInventoryChangeTable.RAW_VALUE);
    reason = template.position(RejectedInventoryChangeTable.REASON);
    detail = template.position(RejectedInventoryChangeTable.DETAIL);
    at = template.position(RejectedInventoryChangeTable.REJECTED_AT);
    this.partitionKey = new PartitionKey(rejected.spec(), rejected.schema());
    this.wrapper = new InternalRecordWrapper(rejected.schema().asStruct());
  }

  /** {@code value} is the record's value as read (copied here: the reader may reuse its buffer). */
  void write(Rejection rej, String topicName, int sourcePartition, long sourceOffset, ByteBuffer value) {
    GenericRecord row = template.newRecord();
    row.set(topic, topicName);
    row.set(partition, sourcePartition);
    row.set(offset, sourceOffset);
    row.set(raw, value == null ? null : copy(value));
    row.set(reason, rej.code());
    row.set(detail, rej.detail());
    row.set(at, now);
    if (out == null) {
      partitionKey.partition(wrapper.wrap(row));
      out = files.partition(partitionKey);
    }
    out.write(row);
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] bytes = new byte[d.remaining()];
    d.get(bytes);
    return ByteBuffer.wrap(bytes);
  }

  List<DataFile> complete() {
    return files.complete();
  }

  void abort() {
    files.abort();
  }

  @Override
  public void close() {
    files.close();
  }
}
