package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.etl.io.ColumnCodes;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.parquet.io.api.Binary;

/**
 * One raw_inventory_change row as primitives, reused for every Kafka record a range writes: {@link BronzeRowParquet}
 * writes its fields straight into the Parquet columns. As a {@link StructLike} (Iceberg's internal representation:
 * timestamps in micros, binary as ByteBuffer) it serves the partition transforms.
 */
final class BronzeRow implements StructLike {
  static final int TOPIC = 0;
  static final int PARTITION = 1;
  static final int OFFSET = 2;
  static final int TIMESTAMP = 3;
  static final int KEY = 4;
  static final int VALUE = 5;
  static final int INGESTED_AT = 6;
  static final List<String> NAMES = List.of(RawInventoryChangeTable.TOPIC, RawInventoryChangeTable.PARTITION,
      RawInventoryChangeTable.OFFSET, RawInventoryChangeTable.TIMESTAMP, RawInventoryChangeTable.KEY,
      RawInventoryChangeTable.VALUE, RawInventoryChangeTable.INGESTED_AT);

  private final int[] codes;
  String topic;
  Binary topicBytes; // UTF-8 of topic, encoded once
  int partition;
  long offset;
  boolean hasTimestamp;
  long timestampMicros;
  ByteBuffer key; // null: Kafka's null key
  ByteBuffer value; // null: a tombstone
  long ingestedAtMicros;

  BronzeRow(Schema schema) {
    this.codes = ColumnCodes.of(schema, NAMES);
  }

  @Override
  public int size() {
    return codes.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    Object v = switch (codes[pos]) {
      case TOPIC -> topic;
      case PARTITION -> partition;
      case OFFSET -> offset;
      case TIMESTAMP -> hasTimestamp ? timestampMicros : null;
      case KEY -> key == null ? null : key.duplicate();
      case VALUE -> value == null ? null : value.duplicate();
      case INGESTED_AT -> ingestedAtMicros;
      default -> null;
    };
    return javaClass.cast(v);
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("set the fields directly");
  }
}
