package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.io.ParquetFields;
import dev.poslake.activities.etl.io.ParquetInputFiles;
import dev.poslake.activities.etl.io.RequiredColumn;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The de-dup keys of one {@code inventory_change} data file in the touched stores and minutes, decoded column by
 * column: store_id and date_time for every row, trans_id and part only for the rows that fall in a touched minute.
 * Silver's files are sorted by store and item, so a file a batch's minutes meet (the previous run's, whose last
 * minute is the batch's first) holds a few thousand rows of those minutes among millions: Iceberg's generic
 * reader built a record and evaluated the filter for each of them, 1.4 s of a million-transaction commit.
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
   * Calls {@code keys} for each row of {@code file} that {@code touched} holds and returns the number of rows
   * decoded, or -1 if the file is not a Parquet file of silver's required key columns (the caller reads it another
   * way). Only for files without delete files.
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
      long decoded = 0;
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        long n = pages.getRowCount();
        decoded += n;
        RequiredColumn stores = RequiredColumn.of(pages, schema, InventoryChangeTable.STORE_ID);
        RequiredColumn times = RequiredColumn.of(pages, schema, InventoryChangeTable.DATE_TIME);
        RequiredColumn transIds = RequiredColumn.of(pages, schema, InventoryChangeTable.TRANS_ID);
        RequiredColumn parts = RequiredColumn.of(pages, schema, InventoryChangeTable.PART);
        int passed = 0; // rows outside the touched minutes not yet skipped in trans_id and part
        for (long i = 0; i < n; i++) {
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.location(), e);
    }
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
