package dev.poslake.activities.etl.io;

import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;

/**
 * Makes records of one schema for per-row loops: {@code GenericRecord.create} per row costs a cache lookup and
 * {@code setField(name)} a map lookup per field; a copy of an empty record plus {@code set(position)} costs
 * neither. Positions are looked up once, from the table's schema as it is.
 */
public final class RecordTemplate {
  private final GenericRecord empty;
  private final List<Types.NestedField> columns;

  public RecordTemplate(Schema schema) {
    this.empty = GenericRecord.create(schema);
    this.columns = schema.columns();
  }

  /** The position of a top-level column, for {@code record.set(position, value)}. */
  public int position(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) return i;
    }
    throw new IllegalArgumentException("no column " + column);
  }

  /** A new record with all fields null. */
  public GenericRecord newRecord() {
    return empty.copy();
  }
}
