package dev.poslake.activities.etl.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.MessageType;

/**
 * The columns of a table schema, each known by its position in a step's list of names (its code), or
 * {@link #OTHER}: what the row writers of bronze and silver switch on to write a reused row's fields straight into
 * the Parquet columns, whatever order the table has them in and whatever optional columns a later release added.
 */
public final class ColumnCodes {
  /** A column the step does not know (added by a later schema): written as null. */
  public static final int OTHER = -1;

  private ColumnCodes() {}

  /** The code of each of the schema's columns, by position: the index of its name in {@code names}, or OTHER. */
  public static int[] of(Schema schema, List<String> names) {
    List<Types.NestedField> fields = schema.columns();
    int[] codes = new int[fields.size()];
    for (int i = 0; i < codes.length; i++) codes[i] = names.indexOf(fields.get(i).name());
    return codes;
  }

  /**
   * A {@link TypedColumn} per schema column, in schema order, in the file's Parquet schema {@code type}.
   *
   * @throws IllegalStateException if a required column has no code: the step could not write it
   */
  public static List<ParquetValueWriter<?>> writers(Schema schema, MessageType type, int[] codes, String table,
      String step) {
    List<ParquetValueWriter<?>> columns = new ArrayList<>();
    List<Types.NestedField> fields = schema.columns();
    for (int i = 0; i < fields.size(); i++) {
      if (codes[i] == OTHER && fields.get(i).isRequired()) {
        throw new IllegalStateException(table + " has a required column " + step + " does not know: "
            + fields.get(i).name());
      }
      columns.add(new TypedColumn(type.getColumnDescription(new String[] {fields.get(i).name()})));
    }
    return columns;
  }
}
