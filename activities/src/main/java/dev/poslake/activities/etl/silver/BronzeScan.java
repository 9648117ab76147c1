package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.domain.ParseResult;
import dev.poslake.activities.etl.domain.PosMessageParser;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.io.RecordTemplate;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * Streams the bronze records of a list of files, parsing each value once (straight from the reader's buffer,
 * no copy), and hands (topic, Kafka partition, offset, raw value, parse result) to a visitor.
 */
final class BronzeScan {
  /** One bronze record; {@code value} may be reused by the reader after the call returns. */
  @FunctionalInterface
  interface Visitor {
    void accept(String topic, int partition, long offset, ByteBuffer value, ParseResult parsed);
  }

  private final Table bronze;
  private final List<DataFile> files;
  private final PosMessageParser parser;
  private final Schema projection;
  private final int topicPos;
  private final int partitionPos;
  private final int offsetPos;
  private final int valuePos;

  BronzeScan(Table bronze, List<DataFile> files, PosMessageParser parser) {
    this.bronze = bronze;
    this.files = files;
    this.parser = parser;
    this.projection = bronze.schema().select(RawInventoryChangeTable.TOPIC, RawInventoryChangeTable.PARTITION,
        RawInventoryChangeTable.OFFSET, RawInventoryChangeTable.VALUE);
    RecordTemplate t = new RecordTemplate(projection);
    this.topicPos = t.position(RawInventoryChangeTable.TOPIC);
    this.partitionPos = t.position(RawInventoryChangeTable.PARTITION);
    this.offsetPos = t.position(RawInventoryChangeTable.OFFSET);
    this.valuePos = t.position(RawInventoryChangeTable.VALUE);
  }

  /** Visits every record of every file, in file order; returns how many. */
  long forEach(Visitor visitor, ProgressReporter progress, String what) {
    long[] read = {0};
    for (DataFile file : files) {
      DataFileRecords.forEach(bronze, file, projection, r -> {
        read[0]++;
        ByteBuffer value = r.get(valuePos, ByteBuffer.class);
        visitor.accept(r.get(topicPos, String.class), r.get(partitionPos, Integer.class),
            r.get(offsetPos, Long.class), value, parse(value));
      });
      progress.progress(() -> what + ": " + read[0] + " bronze records");
    }
    return read[0];
  }

  private ParseResult parse(ByteBuffer value) {
    if (value == null) return parser.parse(null);
    if (value.hasArray()) {
      return parser.parse(value.array(), value.arrayOffset() + value.position(), value.remaining());
    }
    byte[] copy = new byte[value.remaining()];
    value.duplicate().get(copy);
    return parser.parse(copy);
  }
}
