package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/** Silver reference: store.txt, typed. Replaced as a whole when the file changes. */
public final class StoreTable {
  private StoreTable() {}

  public static final String NAME = "store";
  public static final String STORE_ID = "store_id";
  public static final String STORE_NAME = "name";

  public static final Schema SCHEMA = new Schema(
      java.util.List.of(
          required(1, STORE_ID, Types.IntegerType.get(), "store id; 0 is the online store"),
          required(2, STORE_NAME, Types.StringType.get(), "store name")),
      Set.of(1));

  /** Unpartitioned: a handful of rows, always read whole. */
  public static final PartitionSpec SPEC = PartitionSpec.unpartitioned();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(STORE_ID).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "silver",
      "Silver reference: store.txt, typed", SCHEMA, SPEC, SORT_ORDER, TableDefinition.properties(Map.of()));
}
