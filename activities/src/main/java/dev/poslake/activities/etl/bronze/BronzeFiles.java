package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.StagedDataFiles;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.io.api.Binary;

/**
 * The uncommitted bronze data files of one range attempt: each Kafka record becomes a row, written field by field
 * ({@link BronzeRowParquet}) under the table's data location, named after the range. With bronze's own spec
 * (day of ingested_at, one instant per attempt) the partition is resolved once; another spec resolves it per row.
 * Closing without {@link #complete()} deletes what was written.
 */
final class BronzeFiles implements AutoCloseable {
  private final StagedDataFiles<BronzeRow> files;
  private final BronzeRow row;
  private final PartitionKey partitionKey;
  private final boolean partitionPerRow;
  private StagedDataFiles<BronzeRow>.Partition fixed;
  private long payloadBytes;

  BronzeFiles(Table table, PartitionRange range, Instant ingestedAt) {
    String data = table.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, table.location() + "/data");
    String name = "bronze-p" + range.partition() + "-" + range.fromOffset() + "-" + UUID.randomUUID();
    this.files = StagedDataFiles.of(table, data, name, BronzeRowParquet::create);
    this.row = new BronzeRow(table.schema());
    row.ingestedAtMicros = Timestamps.micros(ingestedAt);
    this.partitionKey = new PartitionKey(table.spec(), table.schema());
    int ingestedAtId = table.schema().findField(RawInventoryChangeTable.INGESTED_AT).fieldId();
    this.partitionPerRow = table.spec().fields().stream().map(PartitionField::sourceId)
        .anyMatch(id -> id != ingestedAtId);
  }

  /** Writes the record as it came from Kafka. */
  void write(ConsumerRecord<ByteBuffer, ByteBuffer> r) {
    BronzeRow b = row;
    if (!r.topic().equals(b.topic)) {
      b.topic = r.topic();
      b.topicBytes = Binary.fromConstantByteArray(r.topic().getBytes(StandardCharsets.UTF_8));
    }
    b.partition = r.partition();
    b.offset = r.offset();
    b.hasTimestamp = r.timestamp() >= 0; // Kafka reports -1 for a record without one
    b.timestampMicros = b.hasTimestamp ? Math.multiplyExact(r.timestamp(), 1000L) : 0;
    b.key = r.key();
    b.value = r.value();
    if (b.key != null) payloadBytes += b.key.remaining();
    if (b.value != null) payloadBytes += b.value.remaining();
    partition().write(b);
  }

  /** Key and value bytes of the records written so far. */
  long payloadBytes() {
    return payloadBytes;
  }

  private StagedDataFiles<BronzeRow>.Partition partition() {
    if (fixed != null) return fixed;
    partitionKey.partition(row);
    StagedDataFiles<BronzeRow>.Partition p = files.partition(partitionKey);
    if (!partitionPerRow) fixed = p;
    return p;
  }

  /** Closes the files; what was written, for the commit. */
  RecordAppender.Result complete() {
    return RecordAppender.Result.of(files.complete());
  }

  /** Deletes every file written, also after {@link #complete()} (an attempt that must not commit them). */
  void abort() {
    files.abort();
  }

  @Override
  public void close() {
    files.close();
  }
}
