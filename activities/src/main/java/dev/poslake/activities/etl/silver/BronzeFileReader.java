package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.io.NullableBinaryColumn;
import dev.poslake.activities.etl.io.ParquetFields;
import dev.poslake.activities.etl.io.ParquetInputFiles;
import dev.poslake.activities.etl.io.RecordTemplate;
import dev.poslake.activities.etl.io.RepeatedStrings;
import dev.poslake.activities.etl.io.RequiredColumn;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The (topic, Kafka partition, offset, value) of each row of one bronze data file, in file order. A Parquet file
 * of bronze's own column types is decoded column by column, the values handed out as views of the page
 * ({@link NullableBinaryColumn}); any other goes through Iceberg's generic reader. Profiled on a million
 * transactions, the generic reader was about a fifth of silver's parse: a record per row, a copy of every value
 * into a new array, the topic decoded into a new string per row.
 */
final class BronzeFileReader {
  /** One bronze row; {@code value} is null for a Kafka record without one and only valid during the call. */
  @FunctionalInterface
  interface Sink {
    void accept(String topic, int partition, long offset, ByteBuffer value);
  }

  private static final String[] COLUMNS = {RawInventoryChangeTable.TOPIC, RawInventoryChangeTable.PARTITION,
      RawInventoryChangeTable.OFFSET, RawInventoryChangeTable.VALUE};

  private BronzeFileReader() {}

  /** Calls {@code sink} for each row of {@code file}; returns true if the file was decoded by column. */
  static boolean forEach(Table bronze, DataFile file, Sink sink) {
    if (file.format() == FileFormat.PARQUET) {
      try (ParquetFileReader reader = ParquetFileReader.open(ParquetInputFiles.of(
          bronze.io().newInputFile(file.location(), file.fileSizeInBytes()), 0), ParquetInputFiles.readOptions())) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        if (decodable(schema)) {
          reader.setRequestedSchema(projection(schema)); // key and the times are not read at all
          columnar(reader, schema, sink);
          return true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.location(), e);
      }
    }
    generic(bronze, file, sink);
    return false;
  }

  /** True if topic, partition and offset are required and value optional, top-level, of bronze's types. */
  static boolean decodable(MessageType schema) {
    return ParquetFields.has(schema, RawInventoryChangeTable.TOPIC, Type.Repetition.REQUIRED, PrimitiveTypeName.BINARY)
        && ParquetFields.has(schema, RawInventoryChangeTable.PARTITION, Type.Repetition.REQUIRED, PrimitiveTypeName.INT32)
        && ParquetFields.has(schema, RawInventoryChangeTable.OFFSET, Type.Repetition.REQUIRED, PrimitiveTypeName.INT64)
        && ParquetFields.has(schema, RawInventoryChangeTable.VALUE, Type.Repetition.OPTIONAL, PrimitiveTypeName.BINARY);
  }

  private static MessageType projection(MessageType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (String name : COLUMNS) b.addField(schema.getType(name));
    return b.named(schema.getName());
  }

  private static void columnar(ParquetFileReader reader, MessageType schema, Sink sink) throws IOException {
    RepeatedStrings topics = new RepeatedStrings(); // one topic per file, as a rule
    PageReadStore pages;
    while ((pages = reader.readNextRowGroup()) != null) {
      long n = pages.getRowCount();
      RequiredColumn topic = RequiredColumn.of(pages, schema, RawInventoryChangeTable.TOPIC);
      RequiredColumn partitions = RequiredColumn.of(pages, schema, RawInventoryChangeTable.PARTITION);
      RequiredColumn offsets = RequiredColumn.of(pages, schema, RawInventoryChangeTable.OFFSET);
      NullableBinaryColumn values = NullableBinaryColumn.of(pages, schema, RawInventoryChangeTable.VALUE);
      for (long i = 0; i < n; i++) {
        sink.accept(topics.of(topic.readBinary()), partitions.readInt(), offsets.readLong(), values.read());
      }
    }
  }

  static void generic(Table bronze, DataFile file, Sink sink) {
    Schema projection = bronze.schema().select(COLUMNS);
    RecordTemplate t = new RecordTemplate(projection);
    int topic = t.position(RawInventoryChangeTable.TOPIC);
    int partition = t.position(RawInventoryChangeTable.PARTITION);
    int offset = t.position(RawInventoryChangeTable.OFFSET);
    int value = t.position(RawInventoryChangeTable.VALUE);
    DataFileRecords.forEach(bronze, file, projection, r -> sink.accept(r.get(topic, String.class),
        r.get(partition, Integer.class), r.get(offset, Long.class), r.get(value, ByteBuffer.class)));
  }
}
