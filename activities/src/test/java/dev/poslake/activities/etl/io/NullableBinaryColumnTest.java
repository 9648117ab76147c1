package dev.poslake.activities.etl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values and nulls read back as Parquet's own writer wrote them: v1 and v2 pages, plain and dictionary encoded,
 * many pages and row groups, runs of nulls, empty values.
 */
class NullableBinaryColumnTest {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message t { required int32 n; optional binary value; }");

  @TempDir Path dir;

  @Test
  void readsWhatParquetsWriterWrote() throws Exception {
    for (WriterVersion version : WriterVersion.values()) {
      for (boolean dictionary : new boolean[] {false, true}) {
        List<String> rows = rows(20_000, dictionary ? 40 : 1_000_000, new Random(11));
        Path file = dir.resolve(version + "-" + dictionary + ".parquet");
        write(file, rows, version, dictionary);
        Set<Encoding> encodings = encodings(file);
        assertTrue(encodings.stream().anyMatch(Encoding::usesDictionary) == dictionary, version + " " + encodings);
        assertEquals(rows, read(file), version + ", dictionary " + dictionary);
      }
    }
  }

  @Test
  void refusesARequiredColumn() throws Exception {
    Path file = dir.resolve("required.parquet");
    write(file, List.of("a"), WriterVersion.PARQUET_1_0, false);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ParquetInputFiles.readOptions())) {
      PageReadStore pages = reader.readNextRowGroup();
      assertThrows(IllegalArgumentException.class, () -> NullableBinaryColumn.of(pages, SCHEMA, "n"));
    }
  }

  /** {@code distinct} random values (some empty) with single nulls and runs of them. */
  private static List<String> rows(int count, int distinct, Random random) {
    List<String> rows = new ArrayList<>();
    while (rows.size() < count) {
      int r = random.nextInt(100);
      if (r < 5) {
        for (int i = random.nextInt(200); i >= 0; i--) rows.add(null);
      } else if (r < 15) {
        rows.add(null);
      } else if (r < 20) {
        rows.add("");
      } else {
        int v = random.nextInt(distinct);
        rows.add("v" + v + "x".repeat(v % 300));
      }
    }
    return rows.subList(0, count);
  }

  private static void write(Path file, List<String> rows, WriterVersion version, boolean dictionary)
      throws Exception {
    Files.deleteIfExists(file);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA)
        .withWriterVersion(version).withDictionaryEncoding(dictionary).withPageSize(4096).withPageRowCountLimit(700)
        .withRowGroupSize(dictionary ? 2L << 10 : 64L << 10).build()) {
      for (int i = 0; i < rows.size(); i++) {
        Group g = groups.newGroup().append("n", i);
        if (rows.get(i) != null) g.append("value", rows.get(i));
        w.write(g);
      }
    }
  }

  private static Set<Encoding> encodings(Path file) throws Exception {
    Set<Encoding> encodings = new HashSet<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ParquetInputFiles.readOptions())) {
      assertTrue(reader.getRowGroups().size() > 1, "several row groups");
      for (BlockMetaData block : reader.getRowGroups()) {
        for (ColumnChunkMetaData c : block.getColumns()) {
          if (c.getPath().toDotString().equals("value")) encodings.addAll(c.getEncodings());
        }
      }
    }
    return encodings;
  }

  private static List<String> read(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ParquetInputFiles.readOptions())) {
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        NullableBinaryColumn values = NullableBinaryColumn.of(pages, SCHEMA, "value");
        for (long i = 0; i < pages.getRowCount(); i++) {
          ByteBuffer v = values.read();
          out.add(v == null ? null : StandardCharsets.UTF_8.decode(v.duplicate()).toString());
        }
      }
    }
    return out;
  }
}
