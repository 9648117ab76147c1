package dev.poslake.activities.etl.io;

import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.api.Binary;

/**
 * One Parquet column written through Iceberg's primitive writer (so Iceberg still collects its metrics), with typed
 * calls instead of boxed values: the row writers of silver and snapshot ingest fill rows field by field.
 */
public final class TypedColumn extends ParquetValueWriters.PrimitiveWriter<Object> {
  public TypedColumn(ColumnDescriptor desc) {
    super(desc);
  }

  public void integer(int repetitionLevel, int v) {
    column.writeInteger(repetitionLevel, v);
  }

  public void longValue(int repetitionLevel, long v) {
    column.writeLong(repetitionLevel, v);
  }

  public void binary(int repetitionLevel, Binary v) {
    column.writeBinary(repetitionLevel, v);
  }

  public void nullValue(int repetitionLevel) {
    column.writeNull(repetitionLevel, 0);
  }
}
