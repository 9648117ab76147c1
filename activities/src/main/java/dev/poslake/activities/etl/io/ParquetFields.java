package dev.poslake.activities.etl.io;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/** The one check the column-by-column readers make of a file before they trust its layout. */
public final class ParquetFields {
  private ParquetFields() {}

  /** True if {@code schema} has a top-level primitive field {@code name} of that repetition and physical type. */
  public static boolean has(MessageType schema, String name, Type.Repetition repetition, PrimitiveTypeName type) {
    if (!schema.containsField(name)) return false;
    Type t = schema.getType(name);
    return t.isPrimitive() && t.isRepetition(repetition) && t.asPrimitiveType().getPrimitiveTypeName() == type;
  }
}
