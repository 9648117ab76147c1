package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/** Silver reference: inventory_change_type.txt, typed. Replaced as a whole when the file changes. */
public final class InventoryChangeTypeTable {
  private InventoryChangeTypeTable() {}

  public static final String NAME = "inventory_change_type";
  public static final String CHANGE_TYPE_ID = "change_type_id";
  public static final String CHANGE_TYPE = "change_type";

  public static final Schema SCHEMA = new Schema(
      List.of(
          required(1, CHANGE_TYPE_ID, Types.IntegerType.get(), "1 sale, 2 shrink, 3 restock, 4 bopis, -1 snapshot"),
          required(2, CHANGE_TYPE, Types.StringType.get(), "change type name")),
      Set.of(1));

  /** Unpartitioned: five rows. */
  public static final PartitionSpec SPEC = PartitionSpec.unpartitioned();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(CHANGE_TYPE_ID).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "silver",
      "Silver reference: inventory_change_type.txt, typed", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of()));
}
