package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.ParseResult;
import dev.poslake.activities.etl.domain.PosMessageParser;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * Streams the bronze records of a list of files ({@link BronzeFileReader}), parsing each value once (straight from
 * the reader's buffer, no copy), and hands (topic, Kafka partition, offset, raw value, parse result) to a visitor.
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

  BronzeScan(Table bronze, List<DataFile> files, PosMessageParser parser) {
    this.bronze = bronze;
    this.files = files;
    this.parser = parser;
  }

  /** Visits every record of every file, in file order; returns how many. */
  long forEach(Visitor visitor, ProgressReporter progress, String what) {
    long[] read = {0};
    for (DataFile file : files) {
      BronzeFileReader.forEach(bronze, file, (topic, partition, offset, value) -> {
        read[0]++;
        visitor.accept(topic, partition, offset, value, parse(value));
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
