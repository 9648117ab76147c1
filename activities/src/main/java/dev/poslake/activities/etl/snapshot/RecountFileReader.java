package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.io.ParquetInputFiles;
import dev.poslake.activities.etl.io.RepeatedStrings;
import dev.poslake.activities.etl.io.RequiredColumn;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a data file of {@code inventory_snapshot} or {@code latest_inventory_snapshot} (the same seven required
 * columns) column by column with Parquet's value readers, handing each row's values to a {@link Rows} callback: no
 * Record, no OffsetDateTime, one String per distinct source file. Profiled: Iceberg's generic reader spent most of
 * the latest-snapshot upsert building records and timestamps, and gold's load of a store's latest rows. Only for files
 * without delete files (both tables are written copy-on-write or append-only).
 */
public final class RecountFileReader {
  /** Files this small (a 100k-row recount is about 0.5 MB) are fetched in one request. */
  private static final long WHOLE_FILE_BYTES = 16L << 20;

  /** Receives the rows of a file, in file order. */
  public interface Rows {
    void row(int itemId, int employeeId, int storeId, long dateTimeMicros, int quantity, String sourceFile,
        long sourceLine);
  }

  private RecountFileReader() {}

  public static void read(Table table, DataFile file, Rows rows) {
    if (file.format() != FileFormat.PARQUET) throw new IllegalStateException("not Parquet: " + file.location());
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetInputFiles.of(
        table.io().newInputFile(file.location(), file.fileSizeInBytes()), WHOLE_FILE_BYTES),
        ParquetInputFiles.readOptions())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      RepeatedStrings strings = new RepeatedStrings();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        long n = pages.getRowCount();
        RequiredColumn items = RequiredColumn.of(pages, schema, InventorySnapshotTable.ITEM_ID);
        RequiredColumn employees = RequiredColumn.of(pages, schema, InventorySnapshotTable.EMPLOYEE_ID);
        RequiredColumn stores = RequiredColumn.of(pages, schema, InventorySnapshotTable.STORE_ID);
        RequiredColumn times = RequiredColumn.of(pages, schema, InventorySnapshotTable.DATE_TIME);
        RequiredColumn quantities = RequiredColumn.of(pages, schema, InventorySnapshotTable.QUANTITY);
        RequiredColumn sources = RequiredColumn.of(pages, schema, InventorySnapshotTable.SOURCE_FILE);
        RequiredColumn lines = RequiredColumn.of(pages, schema, InventorySnapshotTable.SOURCE_LINE);
        for (long i = 0; i < n; i++) {
          rows.row(items.readInt(), employees.readInt(), stores.readInt(), times.readLong(), quantities.readInt(),
              strings.of(sources.readBinary()), lines.readLong());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.location(), e);
    }
  }
}
