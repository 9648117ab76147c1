package dev.poslake.activities.etl.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.inmemory.InMemoryOutputFile;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.junit.jupiter.api.Test;

class ParquetInputFilesTest {
  @Test
  void fetchedWholeOrStreamedTheBytesAndPositionsAreTheSame() throws Exception {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
    for (long wholeFileBytes : new long[] {10_000, 100}) { // fetched whole, then streamed
      InputFile file = ParquetInputFiles.of(new InMemoryInputFile(data), wholeFileBytes);
      assertEquals(1000, file.getLength());
      try (SeekableInputStream in = file.newStream()) {
        in.seek(500);
        assertEquals(data[500] & 0xff, in.read());
        assertEquals(501, in.getPos());
        byte[] tail = new byte[499];
        in.readFully(tail);
        assertArrayEquals(Arrays.copyOfRange(data, 501, 1000), tail);
        in.seek(3);
        byte[] head = new byte[10];
        in.readFully(head);
        assertArrayEquals(Arrays.copyOfRange(data, 3, 13), head, "seeking back, limit " + wholeFileBytes);
        assertEquals(13, in.getPos());
      }
    }
  }

  /** The options skip Hadoop's default resources (parsed per build otherwise) and still decompress zstd pages. */
  @Test
  void readOptionsCarryNoHadoopDefaultsAndReadCompressedFiles() throws Exception {
    String hadoopDefault = "fs.defaultFS"; // from core-default.xml
    assertNotNull(new Configuration().get(hadoopDefault));
    assertNull(ParquetInputFiles.readOptions().getConfiguration().get(hadoopDefault));

    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.IntegerType.get()));
    InMemoryOutputFile out = new InMemoryOutputFile();
    try (FileAppender<GenericRecord> w = Parquet.write(out).schema(schema)
        .createWriterFunc(GenericParquetWriter::create).set(TableProperties.PARQUET_COMPRESSION, "zstd").build()) {
      GenericRecord r = GenericRecord.create(schema);
      for (int i = 0; i < 1000; i++) w.add(r.copy(Map.of("id", i * 3)));
    }
    long sum = 0;
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetInputFiles.of(out.toInputFile(), 1 << 20),
        ParquetInputFiles.readOptions())) {
      assertEquals("ZSTD", reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec().name());
      PageReadStore pages = reader.readNextRowGroup();
      RequiredColumn ids = RequiredColumn.of(pages, reader.getFooter().getFileMetaData().getSchema(), "id");
      for (long i = 0; i < pages.getRowCount(); i++) sum += ids.readInt();
    }
    assertEquals(3L * 999 * 1000 / 2, sum);
  }
}
