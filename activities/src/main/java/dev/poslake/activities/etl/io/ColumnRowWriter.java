package dev.poslake.activities.etl.io;

import java.util.List;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;

/**
 * A Parquet row writer that writes a step's own row type field by field into {@link TypedColumn}s, switching on each
 * schema column's code ({@link ColumnCodes}): the shared frame of bronze's, silver's and gold's writers, which only
 * differ in their {@code write}. Column statistics, metrics and file layout stay Parquet's and Iceberg's own.
 *
 * @param <T> the row type
 */
public abstract class ColumnRowWriter<T> extends ParquetValueWriters.StructWriter<T> {
  /** Per schema column, in schema order: its code (the index of its name in the step's list), or OTHER. */
  protected final int[] codes;
  protected final TypedColumn[] columns;

  /** {@code columns} from {@link ColumnCodes#writers} for the same {@code codes}. */
  protected ColumnRowWriter(int[] codes, List<ParquetValueWriter<?>> columns) {
    super(columns);
    this.codes = codes;
    this.columns = columns.toArray(new TypedColumn[0]);
  }

  @Override
  protected Object get(T row, int index) {
    throw new UnsupportedOperationException("written field by field");
  }
}
