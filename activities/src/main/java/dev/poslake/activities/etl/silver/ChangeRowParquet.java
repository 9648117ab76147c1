package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.io.ColumnCodes;
import dev.poslake.activities.etl.io.ColumnRowWriter;
import dev.poslake.activities.etl.io.TypedColumn;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet writer of inventory_change rows from a {@link ChangeRowBuffer}: each field goes straight into its column.
 * Why not Iceberg's generic writer: per row it built a record, boxed every int, and converted the two timestamps
 * from {@code OffsetDateTime} (JFR: about a third of silver's CPU was the write path). Column statistics, metrics
 * and file layout are Parquet's and Iceberg's own (the columns, their store and the footer are theirs).
 */
final class ChangeRowParquet extends ColumnRowWriter<ChangeRowBuffer> {
  private ChangeRowParquet(int[] codes, List<ParquetValueWriter<?>> columns) {
    super(codes, columns);
  }

  /** For {@code Parquet.writeData().createWriterFunc(...)}: the table schema and the file's Parquet schema. */
  static ParquetValueWriter<?> create(Schema schema, MessageType type) {
    int[] codes = ColumnCodes.of(schema, ChangeRowBuffer.NAMES);
    return new ChangeRowParquet(codes, ColumnCodes.writers(schema, type, codes, "inventory_change", "silver"));
  }

  @Override
  public void write(int rl, ChangeRowBuffer r) {
    for (int i = 0; i < columns.length; i++) {
      TypedColumn c = columns[i];
      switch (codes[i]) {
        case ChangeRowBuffer.TRANS_ID -> c.binary(rl, r.transId);
        case ChangeRowBuffer.STORE_ID -> c.integer(rl, r.storeId);
        case ChangeRowBuffer.DATE_TIME -> c.longValue(rl, r.dateTimeMicros);
        case ChangeRowBuffer.CHANGE_TYPE_ID -> c.integer(rl, r.changeTypeId);
        case ChangeRowBuffer.ITEM_ID -> c.integer(rl, r.itemId);
        case ChangeRowBuffer.QUANTITY -> c.integer(rl, r.quantity);
        case ChangeRowBuffer.PART -> c.integer(rl, r.part);
        case ChangeRowBuffer.PARTS -> c.integer(rl, r.parts);
        case ChangeRowBuffer.LINE -> c.integer(rl, r.line);
        case ChangeRowBuffer.SOURCE_PARTITION -> c.integer(rl, r.sourcePartition);
        case ChangeRowBuffer.SOURCE_OFFSET -> c.longValue(rl, r.sourceOffset);
        case ChangeRowBuffer.INGESTED_AT -> c.longValue(rl, r.ingestedAtMicros);
        default -> c.nullValue(rl);
      }
    }
  }
}
