package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.io.PageRanges;
import dev.poslake.activities.etl.io.ParquetFields;
import dev.poslake.activities.etl.io.ParquetInputFiles;
import dev.poslake.activities.etl.io.RequiredColumn;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The de-dup keys of one {@code inventory_change} data file in the touched stores and minutes, decoded column by
 * column. A file the batch's minutes meet (the previous run's, whose last minute is the batch's first) holds a few
 * thousand rows of those minutes among millions: Iceberg's generic reader built a record and evaluated the filter
 * for each of them, 1.4 s of a million-transaction commit. Here the file's page index first narrows each row group
 * to the pages whose date_time bounds meet a touched minute (silver writes a batch in Kafka order, so its times rise
 * along each partition's rows); in those pages store_id and date_time are decoded for every row, trans_id and part
 * only for the rows in a touched store and minute.
 */
final class ExistingKeyFile {
  static final String[] COLUMNS = {InventoryChangeTable.TRANS_ID, InventoryChangeTable.STORE_ID,
      InventoryChangeTable.DATE_TIME, InventoryChangeTable.PART};

  private ExistingKeyFile() {}

  /** Receives a row in the touched stores and minutes. */
  @FunctionalInterface
  interface Keys {
    void key(String transId, int storeId, int part);
  }

  /**
   * Calls {@code keys} for each row of {@code file} that {@code touched} holds and returns the number of rows whose
   * store and time it decoded, or -1 if the file is not a Parquet file of silver's required key columns (the caller
   * reads it another way). Only for files without delete files.
   */
  static long forEach(Table change, DataFile file, DayStores touched, Keys keys) {
    if (file.format() != FileFormat.PARQUET) return -1;
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetInputFiles.of(
        change.io().newInputFile(file.location(), file.fileSizeInBytes()), 0), ParquetInputFiles.readOptions())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      if (!decodable(schema)) return -1;
      Types.MessageTypeBuilder projection = Types.buildMessage();
      for (String name : COLUMNS) projection.addField(schema.getType(name));
      reader.setRequestedSchema(projection.named(schema.getName()));
      ColumnDescriptor timeColumn = schema.getColumnDescription(new String[] {InventoryChangeTable.DATE_TIME});
      long decoded = 0;
      List<BlockMetaData> blocks = reader.getRowGroups();
      for (int b = 0; b < blocks.size(); b++) {
        BlockMetaData block = blocks.get(b);
        if (block.getRowCount() == 0) continue;
        RowRanges ranges = PageRanges.of(reader, block, timeColumn, touched::anyMinuteBetween);
        if (ranges != null && ranges.rowCount() == 0) continue;
        PageReadStore pages = PageRanges.read(reader, b, ranges);
        RowRanges spans = ranges == null ? RowRanges.createSingle(block.getRowCount()) : ranges;
        decoded += decode(pages, schema, spans.getRanges(), touched, keys);
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.location(), e);
    }
  }

  /** The keys in the spans of a row group's pages; returns the rows whose store and time it decoded. */
  private static long decode(PageReadStore pages, MessageType schema, List<RowRanges.Range> spans,
      DayStores touched, Keys keys) {
    RequiredColumn stores = RequiredColumn.of(pages, schema, InventoryChangeTable.STORE_ID);
    RequiredColumn times = RequiredColumn.of(pages, schema, InventoryChangeTable.DATE_TIME);
    RequiredColumn transIds = RequiredColumn.of(pages, schema, InventoryChangeTable.TRANS_ID);
    RequiredColumn parts = RequiredColumn.of(pages, schema, InventoryChangeTable.PART);
    long decoded = 0;
    for (RowRanges.Range span : spans) {
      for (RequiredColumn c : List.of(stores, times, transIds, parts)) c.seek(span.from);
      decoded += span.to - span.from + 1;
      int passed = 0; // rows outside the touched minutes not yet skipped in trans_id and part
      for (long i = span.from; i <= span.to; i++) {
        int store = stores.readInt();
        if (!touched.holds(times.readLong(), store)) {
          passed++;
          continue;
        }
        if (passed > 0) {
          transIds.skip(passed);
          parts.skip(passed);
          passed = 0;
        }
        keys.key(transIds.readBinary().toStringUsingUTF8(), store, parts.readInt());
      }
    }
    return decoded;
  }

  /** True if the four key columns are required, top-level, and of the types silver writes. */
  static boolean decodable(MessageType schema) {
    return ParquetFields.has(schema, InventoryChangeTable.TRANS_ID, Type.Repetition.REQUIRED, PrimitiveTypeName.BINARY)
        && ParquetFields.has(schema, InventoryChangeTable.STORE_ID, Type.Repetition.REQUIRED, PrimitiveTypeName.INT32)
        && ParquetFields.has(schema, InventoryChangeTable.PART, Type.Repetition.REQUIRED, PrimitiveTypeName.INT32)
        && ParquetFields.has(schema, InventoryChangeTable.DATE_TIME, Type.Repetition.REQUIRED, PrimitiveTypeName.INT64)
        && schema.getType(InventoryChangeTable.DATE_TIME).getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
        && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS;
  }
}
