package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/** Silver reference: item.txt, typed. Replaced as a whole when the file changes. */
public final class ItemTable {
  private ItemTable() {}

  public static final String NAME = "item";
  public static final String ITEM_ID = "item_id";
  public static final String ITEM_NAME = "name";
  public static final String SUPPLIER_ID = "supplier_id";
  public static final String SAFETY_STOCK_QUANTITY = "safety_stock_quantity";

  public static final Schema SCHEMA = new Schema(
      List.of(
          required(1, ITEM_ID, Types.IntegerType.get(), "item id"),
          required(2, ITEM_NAME, Types.StringType.get(), "item name"),
          required(3, SUPPLIER_ID, Types.IntegerType.get(), "supplier id"),
          required(4, SAFETY_STOCK_QUANTITY, Types.IntegerType.get(), "safety stock quantity")),
      Set.of(1));

  /** Unpartitioned: 100k rows is one ~1 MB file, always read whole (for validation and joins). */
  public static final PartitionSpec SPEC = PartitionSpec.unpartitioned();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA).asc(ITEM_ID).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "silver",
      "Silver reference: item.txt, typed", SCHEMA, SPEC, SORT_ORDER, TableDefinition.properties(Map.of()));
}
