package dev.poslake.activities.etl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.inmemory.InMemoryOutputFile;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

/** Batch reads give the values one-by-one reads give, across pages of dictionary and plain encoding. */
class RequiredColumnTest {
  private static final int ROWS = 20_000;
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "few", Types.IntegerType.get()), // dictionary throughout
      Types.NestedField.required(2, "many", Types.IntegerType.get()), // dictionary, then plain once it is full
      Types.NestedField.required(3, "big", Types.LongType.get()),
      Types.NestedField.required(4, "name", Types.StringType.get()));

  @Test
  void batchesReadTheSameValuesAsSingleReadsAcrossPagesAndEncodings() throws Exception {
    InMemoryOutputFile out = new InMemoryOutputFile();
    try (FileAppender<GenericRecord> w = Parquet.write(out).schema(SCHEMA)
        .createWriterFunc(GenericParquetWriter::create)
        .set(TableProperties.PARQUET_PAGE_SIZE_BYTES, "2048")
        .set(TableProperties.PARQUET_DICT_SIZE_BYTES, "4096").build()) {
      GenericRecord r = GenericRecord.create(SCHEMA);
      for (int i = 0; i < ROWS; i++) {
        w.add(r.copy(Map.of("few", i % 7, "many", many(i), "big", (long) i * 1_000_003L, "name", "file-" + (i % 3))));
      }
    }
    Set<Encoding> manyEncodings = new HashSet<>();
    try (ParquetFileReader reader = open(out)) {
      for (ColumnChunkMetaData c : reader.getFooter().getBlocks().get(0).getColumns()) {
        if (c.getPath().toDotString().equals("many")) manyEncodings.addAll(c.getEncodings());
      }
    }
    assertTrue(manyEncodings.contains(Encoding.PLAIN) && manyEncodings.contains(Encoding.PLAIN_DICTIONARY)
        || manyEncodings.contains(Encoding.RLE_DICTIONARY), "dictionary and plain pages in one column: " + manyEncodings);

    try (ParquetFileReader single = open(out); ParquetFileReader batched = open(out)) {
      MessageType schema = single.getFooter().getFileMetaData().getSchema();
      PageReadStore a = single.readNextRowGroup();
      PageReadStore b = batched.readNextRowGroup();
      assertEquals(ROWS, a.getRowCount());
      RequiredColumn[] one = columns(a, schema);
      RequiredColumn[] many = columns(b, schema);
      int[] ints = new int[1000];
      int[] ints2 = new int[1000];
      long[] longs = new long[1000];
      Binary[] names = new Binary[1000];
      int[] sizes = {1, 777, 999, 3, 1000}; // batches that end inside pages and span several
      for (int row = 0, j = 0; row < ROWS; row += sizes[j++ % sizes.length]) {
        int k = Math.min(sizes[j % sizes.length], ROWS - row);
        many[0].readInts(ints, k);
        many[1].readInts(ints2, k);
        many[2].readLongs(longs, k);
        many[3].readBinaries(names, k);
        for (int i = 0; i < k; i++) {
          int at = row + i;
          assertEquals(one[0].readInt(), ints[i], "few, row " + at);
          assertEquals(at % 7, ints[i]);
          assertEquals(one[1].readInt(), ints2[i], "many, row " + at);
          assertEquals(many(at), ints2[i]);
          assertEquals(one[2].readLong(), longs[i], "big, row " + at);
          assertEquals(at * 1_000_003L, longs[i]);
          assertEquals(one[3].readBinary(), names[i], "name, row " + at);
          assertEquals("file-" + at % 3, names[i].toStringUsingUTF8());
        }
      }
    }
  }

  /** Few distinct values first (the dictionary pays), then all distinct: the dictionary fills and pages go plain. */
  private static int many(int row) {
    return row < 5000 ? row % 10 : row * 31;
  }

  private static ParquetFileReader open(InMemoryOutputFile out) throws Exception {
    return ParquetFileReader.open(ParquetInputFiles.of(out.toInputFile(), 1 << 20), ParquetInputFiles.readOptions());
  }

  private static RequiredColumn[] columns(PageReadStore rowGroup, MessageType schema) {
    return new RequiredColumn[] {RequiredColumn.of(rowGroup, schema, "few"), RequiredColumn.of(rowGroup, schema,
        "many"), RequiredColumn.of(rowGroup, schema, "big"), RequiredColumn.of(rowGroup, schema, "name")};
  }
}
