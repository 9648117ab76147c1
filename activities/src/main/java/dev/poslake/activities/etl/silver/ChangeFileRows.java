package dev.poslake.activities.etl.silver;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.io.ParquetFields;
import dev.poslake.activities.etl.io.ParquetInputFiles;
import dev.poslake.activities.etl.io.RequiredColumn;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Every row of one {@code inventory_change} data file into a {@link ChangeRowBuffer}, for the commit's rewrite of
 * files that hold duplicates. A file of exactly silver's twelve required columns (what {@link ChangeFiles} writes)
 * is decoded column by column ({@link RequiredColumn}); any other goes through Iceberg's generic reader, which cost
 * about 4 µs a row (a record, a field look-up by name and a timestamp conversion per value), most of the rewrite.
 */
final class ChangeFileRows {
  private static final List<String> LONG_COLUMNS = List.of(InventoryChangeTable.DATE_TIME,
      InventoryChangeTable.SOURCE_OFFSET, InventoryChangeTable.INGESTED_AT);

  private ChangeFileRows() {}

  /** Fills {@code row} with each row of {@code file} in turn and calls {@code onRow} after each. */
  static void forEach(Table change, DataFile file, ChangeRowBuffer row, Runnable onRow) {
    if (file.format() == FileFormat.PARQUET) {
      try (ParquetFileReader reader = ParquetFileReader.open(ParquetInputFiles.of(
          change.io().newInputFile(file.location(), file.fileSizeInBytes()), 0), ParquetInputFiles.readOptions())) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        if (decodable(schema)) {
          columnar(reader, schema, row, onRow);
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.location(), e);
      }
    }
    generic(change, file, row, onRow);
  }

  /** True if the file has exactly silver's columns, all required, of the types this pipeline writes. */
  static boolean decodable(MessageType schema) {
    if (schema.getFieldCount() != InventoryChangeTable.SCHEMA.columns().size()) return false;
    for (var field : InventoryChangeTable.SCHEMA.columns()) {
      String name = field.name();
      PrimitiveTypeName expected = name.equals(InventoryChangeTable.TRANS_ID) ? PrimitiveTypeName.BINARY
          : LONG_COLUMNS.contains(name) ? PrimitiveTypeName.INT64 : PrimitiveTypeName.INT32;
      if (!ParquetFields.has(schema, name, Type.Repetition.REQUIRED, expected)) return false;
    }
    return true;
  }

  private static void columnar(ParquetFileReader reader, MessageType schema, ChangeRowBuffer row, Runnable onRow)
      throws IOException {
    PageReadStore pages;
    while ((pages = reader.readNextRowGroup()) != null) {
      long n = pages.getRowCount();
      RequiredColumn transId = RequiredColumn.of(pages, schema, InventoryChangeTable.TRANS_ID);
      RequiredColumn storeId = RequiredColumn.of(pages, schema, InventoryChangeTable.STORE_ID);
      RequiredColumn dateTime = RequiredColumn.of(pages, schema, InventoryChangeTable.DATE_TIME);
      RequiredColumn changeType = RequiredColumn.of(pages, schema, InventoryChangeTable.CHANGE_TYPE_ID);
      RequiredColumn itemId = RequiredColumn.of(pages, schema, InventoryChangeTable.ITEM_ID);
      RequiredColumn quantity = RequiredColumn.of(pages, schema, InventoryChangeTable.QUANTITY);
      RequiredColumn part = RequiredColumn.of(pages, schema, InventoryChangeTable.PART);
      RequiredColumn parts = RequiredColumn.of(pages, schema, InventoryChangeTable.PARTS);
      RequiredColumn line = RequiredColumn.of(pages, schema, InventoryChangeTable.LINE);
      RequiredColumn sourcePartition = RequiredColumn.of(pages, schema, InventoryChangeTable.SOURCE_PARTITION);
      RequiredColumn sourceOffset = RequiredColumn.of(pages, schema, InventoryChangeTable.SOURCE_OFFSET);
      RequiredColumn ingestedAt = RequiredColumn.of(pages, schema, InventoryChangeTable.INGESTED_AT);
      for (long i = 0; i < n; i++) {
        // a copy: the value may point into the page's buffer, and the writer's statistics keep a reference
        row.transId = Binary.fromConstantByteArray(transId.readBinary().getBytes());
        row.storeId = storeId.readInt();
        row.dateTimeMicros = dateTime.readLong();
        row.changeTypeId = changeType.readInt();
        row.itemId = itemId.readInt();
        row.quantity = quantity.readInt();
        row.part = part.readInt();
        row.parts = parts.readInt();
        row.line = line.readInt();
        row.sourcePartition = sourcePartition.readInt();
        row.sourceOffset = sourceOffset.readLong();
        row.ingestedAtMicros = ingestedAt.readLong();
        onRow.run();
      }
    }
  }

  /** The generic reader's path: for files of another shape (and to check the columnar one against). */
  static void generic(Table change, DataFile file, ChangeRowBuffer row, Runnable onRow) {
    DataFileRecords.forEach(change, file, change.schema(), r -> {
      row.transId = Binary.fromConstantByteArray(
          ((String) r.getField(InventoryChangeTable.TRANS_ID)).getBytes(StandardCharsets.UTF_8));
      row.storeId = (Integer) r.getField(InventoryChangeTable.STORE_ID);
      row.dateTimeMicros = Timestamps.micros(((OffsetDateTime) r.getField(InventoryChangeTable.DATE_TIME)).toInstant());
      row.changeTypeId = (Integer) r.getField(InventoryChangeTable.CHANGE_TYPE_ID);
      row.itemId = (Integer) r.getField(InventoryChangeTable.ITEM_ID);
      row.quantity = (Integer) r.getField(InventoryChangeTable.QUANTITY);
      row.part = (Integer) r.getField(InventoryChangeTable.PART);
      row.parts = (Integer) r.getField(InventoryChangeTable.PARTS);
      row.line = (Integer) r.getField(InventoryChangeTable.LINE);
      row.sourcePartition = (Integer) r.getField(InventoryChangeTable.SOURCE_PARTITION);
      row.sourceOffset = (Long) r.getField(InventoryChangeTable.SOURCE_OFFSET);
      row.ingestedAtMicros =
          Timestamps.micros(((OffsetDateTime) r.getField(InventoryChangeTable.INGESTED_AT)).toInstant());
      onRow.run();
    });
  }
}
