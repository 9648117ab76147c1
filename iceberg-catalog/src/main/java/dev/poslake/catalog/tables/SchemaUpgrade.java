package dev.poslake.catalog.tables;

import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Types;

/**
 * Additive schema evolution for upgrades: a release may add optional columns to a table (never remove, rename or
 * retype one: other engines query the tables by name). A table created by an older release gets them on first
 * use; its existing rows read them as null. Columns are matched by name (Iceberg assigns new field ids).
 */
final class SchemaUpgrade {
  private SchemaUpgrade() {}

  static Table addMissingColumns(Table table, Schema wanted) {
    for (int attempt = 1; ; attempt++) {
      UpdateSchema update = null;
      for (Types.NestedField f : wanted.columns()) {
        if (table.schema().findField(f.name()) != null) continue;
        if (f.isRequired()) {
          throw new IllegalStateException("table " + table.name() + " lacks the required column " + f.name()
              + ": it was created by an incompatible version; a release only adds optional columns");
        }
        if (update == null) update = table.updateSchema();
        update.addColumn(f.name(), f.type(), f.doc());
      }
      if (update == null) return table;
      try {
        update.commit();
        table.refresh();
        return table;
      } catch (CommitFailedException raced) {
        if (attempt >= 5) throw raced;
        table.refresh(); // another process upgraded it (or changed it) meanwhile: look again
      }
    }
  }
}
