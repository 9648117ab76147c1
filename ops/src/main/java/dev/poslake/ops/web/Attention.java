package dev.poslake.ops.web;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.ItemTable;
import dev.poslake.catalog.tables.StoreTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "needs attention" list: per store, items whose current_inventory is negative or below the item's
 * safety_stock_quantity, worst shortfall first.
 */
public final class Attention {

  public record Item(int itemId, String name, long currentInventory, int safetyStock, long shortfall,
      boolean negative) {}

  /** @param total items needing attention in the store; {@code items} holds at most the top N */
  public record Store(int storeId, String name, int total, List<Item> items) {
    /** The same store with its worst {@code n} items (items are worst first). */
    public Store top(int n) {
      return items.size() <= n ? this : new Store(storeId, name, total, items.subList(0, n));
    }
  }

  private final PipelineResources resources;

  public Attention(PipelineResources resources) {
    this.resources = resources;
  }

  public List<Store> query(int topN) {
    Map<Integer, Integer> safety = new HashMap<>();
    Map<Integer, String> itemNames = new HashMap<>();
    TableReader.of(resources.catalog().loadTable(resources.table(ItemTable.NAME)))
        .select(ItemTable.ITEM_ID, ItemTable.ITEM_NAME, ItemTable.SAFETY_STOCK_QUANTITY)
        .forEach(r -> {
          int id = (Integer) r.getField(ItemTable.ITEM_ID);
          safety.put(id, (Integer) r.getField(ItemTable.SAFETY_STOCK_QUANTITY));
          itemNames.put(id, (String) r.getField(ItemTable.ITEM_NAME));
        });
    Map<Integer, String> storeNames = new HashMap<>();
    TableReader.of(resources.catalog().loadTable(resources.table(StoreTable.NAME)))
        .select(StoreTable.STORE_ID, StoreTable.STORE_NAME)
        .forEach(r -> storeNames.put((Integer) r.getField(StoreTable.STORE_ID),
            (String) r.getField(StoreTable.STORE_NAME)));
    Map<Integer, List<Item>> byStore = new TreeMap<>();
    TableReader.of(resources.catalog().loadTable(resources.table(CurrentInventoryTable.NAME)))
        .select(CurrentInventoryTable.STORE_ID, CurrentInventoryTable.ITEM_ID, CurrentInventoryTable.CURRENT_INVENTORY)
        .forEach(r -> {
          int item = (Integer) r.getField(CurrentInventoryTable.ITEM_ID);
          long current = (Long) r.getField(CurrentInventoryTable.CURRENT_INVENTORY);
          int min = safety.getOrDefault(item, 0);
          if (current < 0 || current < min) {
            byStore.computeIfAbsent((Integer) r.getField(CurrentInventoryTable.STORE_ID), k -> new ArrayList<>())
                .add(new Item(item, itemNames.getOrDefault(item, "?"), current, min, min - current, current < 0));
          }
        });
    List<Store> out = new ArrayList<>();
    byStore.forEach((store, items) -> {
      items.sort(Comparator.comparing(Item::negative).reversed().thenComparing(Comparator.comparingLong(Item::shortfall).reversed())
          .thenComparingInt(Item::itemId));
      out.add(new Store(store, storeNames.getOrDefault(store, "store " + store), items.size(),
          List.copyOf(items.subList(0, Math.min(topN, items.size())))));
    });
    return out;
  }
}
