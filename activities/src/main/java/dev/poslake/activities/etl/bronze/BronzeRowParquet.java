package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.etl.io.ColumnCodes;
import dev.poslake.activities.etl.io.ColumnRowWriter;
import dev.poslake.activities.etl.io.TypedColumn;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet writer of raw_inventory_change rows from a {@link BronzeRow}: each field goes straight into its column.
 * Why not Iceberg's generic writer: per Kafka record it built a record, boxed the numbers, encoded the topic name
 * to UTF-8 and converted two timestamps from {@code OffsetDateTime} (JFR: over half of bronze's CPU was that write
 * path). Column statistics, metrics and the file layout stay Parquet's and Iceberg's own.
 */
final class BronzeRowParquet extends ColumnRowWriter<BronzeRow> {
  private BronzeRowParquet(int[] codes, List<ParquetValueWriter<?>> columns) {
    super(codes, columns);
  }

  /** For {@code Parquet.writeData().createWriterFunc(...)}: the table schema and the file's Parquet schema. */
  static ParquetValueWriter<?> create(Schema schema, MessageType type) {
    int[] codes = ColumnCodes.of(schema, BronzeRow.NAMES);
    return new BronzeRowParquet(codes, ColumnCodes.writers(schema, type, codes, "raw_inventory_change", "bronze"));
  }

  @Override
  public void write(int rl, BronzeRow r) {
    for (int i = 0; i < columns.length; i++) {
      TypedColumn c = columns[i];
      switch (codes[i]) {
        case BronzeRow.TOPIC -> c.binary(rl, r.topicBytes);
        case BronzeRow.PARTITION -> c.integer(rl, r.partition);
        case BronzeRow.OFFSET -> c.longValue(rl, r.offset);
        case BronzeRow.TIMESTAMP -> {
          if (r.hasTimestamp) c.longValue(rl, r.timestampMicros);
          else c.nullValue(rl);
        }
        case BronzeRow.KEY -> bytes(c, rl, r.key);
        case BronzeRow.VALUE -> bytes(c, rl, r.value);
        case BronzeRow.INGESTED_AT -> c.longValue(rl, r.ingestedAtMicros);
        default -> c.nullValue(rl);
      }
    }
  }

  /** The bytes as they are; Parquet copies them into its page buffer (key and value keep no statistics). */
  private static void bytes(TypedColumn c, int rl, ByteBuffer b) {
    if (b == null) c.nullValue(rl);
    else c.binary(rl, Binary.fromReusedByteBuffer(b));
  }
}
