package dev.poslake.activities.generator;

import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.Item;
import dev.poslake.activities.reference.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Draws the content of one transaction from its own random stream and applies it to the true stock. Why the
 * factory updates stock itself: sales are clamped to the stock left, including earlier lines of the same
 * transaction (an item may appear twice), so drawing and applying cannot be separated.
 */
final class TransactionFactory {
  static final double SALE = 0.85;
  static final double SHRINK = 0.02;
  static final double RESTOCK = 0.05;
  /** The rest (~8%) is BOPIS, physical stores only; the online store's share goes to sales. */
  static final double NOT_BOPIS = SALE + SHRINK + RESTOCK;
  static final int BULK_RESTOCK_ONE_IN = 300;
  private static final int PICK_TRIES = 10;

  private final int[] itemIds;
  private final int[][] supplierItems; // per item position: the positions of its supplier's items
  private final GeneratorState state;
  private final int onlineIdx;

  TransactionFactory(GeneratorState state, List<Item> items) {
    this.state = state;
    this.itemIds = state.itemIds();
    if (items.size() != itemIds.length) {
      throw new IllegalStateException("item.txt has " + items.size() + " items, the generator state "
          + itemIds.length + "; reset the generator state (" + GeneratorState.OBJECT_KEY + ") after changing items");
    }
    Map<Integer, List<Integer>> bySupplier = new HashMap<>();
    for (int p = 0; p < items.size(); p++) {
      if (items.get(p).itemId() != itemIds[p]) {
        throw new IllegalStateException("item.txt differs from the generator state at item " + itemIds[p]);
      }
      bySupplier.computeIfAbsent(items.get(p).supplierId(), k -> new ArrayList<>()).add(p);
    }
    Map<Integer, int[]> arrays = new HashMap<>();
    bySupplier.forEach((k, v) -> arrays.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    supplierItems = new int[items.size()][];
    for (int p = 0; p < items.size(); p++) {
      supplierItems[p] = arrays.get(items.get(p).supplierId());
    }
    this.onlineIdx = state.storeIndex(Store.ONLINE_STORE_ID);
  }

  /** Draws, applies and emits one transaction of store {@code storeIdx} at {@code time}. */
  void generate(int storeIdx, Instant time, DetRandom rng, RunStats stats, SimulationSink sink) {
    if (itemIds.length == 0) return;
    UUID transId = rng.nextUuid();
    int storeId = state.storeId(storeIdx);
    boolean physical = storeIdx != onlineIdx;
    double u = rng.nextDouble() * (physical ? 1.0 : NOT_BOPIS);
    int[] stock = state.stockRow(storeIdx);
    int type;
    boolean bulk = false;
    List<TransactionMessage.Line> lines;
    if (u < SALE) {
      type = ChangeType.SALE;
      lines = sale(rng, stock, rng.between(1, 5), 3, true);
    } else if (u < SALE + SHRINK) {
      type = ChangeType.SHRINK;
      lines = sale(rng, stock, 1, 2, false);
    } else if (u < NOT_BOPIS) {
      type = ChangeType.RESTOCK;
      bulk = rng.nextInt(BULK_RESTOCK_ONE_IN) == 0;
      lines = bulk ? bulkRestock(rng, stock) : restock(rng, stock);
    } else {
      type = ChangeType.BOPIS;
      lines = sale(rng, stock, rng.between(1, 3), 2, false);
    }
    if (lines.isEmpty()) {
      stats.skippedNoStock++;
      return;
    }
    stats.transactions++;
    switch (type) {
      case ChangeType.SALE -> stats.sales++;
      case ChangeType.SHRINK -> stats.shrinks++;
      case ChangeType.RESTOCK -> {
        stats.restocks++;
        if (bulk) stats.bulkRestocks++;
      }
      default -> stats.bopis++;
    }
    if (type == ChangeType.BOPIS && onlineIdx >= 0) {
      // An online order fulfilled by this store: the online row records the order, the store row the stock.
      emit(sink, stats, time, transId, Store.ONLINE_STORE_ID, type, lines);
    }
    emit(sink, stats, time, transId, storeId, type, lines);
  }

  private static void emit(SimulationSink sink, RunStats stats, Instant time, UUID transId, int storeId, int type,
      List<TransactionMessage.Line> lines) {
    sink.transaction(TransactionMessage.of(time, transId, storeId, type, lines));
    stats.lines += lines.size();
  }

  /** Negative lines on items in stock, clamped so stock never goes below zero; may repeat an item. */
  private List<TransactionMessage.Line> sale(DetRandom rng, int[] stock, int lineCount, int maxQty,
      boolean allowRepeat) {
    List<TransactionMessage.Line> lines = new ArrayList<>(lineCount);
    List<Integer> positions = new ArrayList<>(lineCount);
    for (int l = 0; l < lineCount; l++) {
      int p = -1;
      if (allowRepeat && !positions.isEmpty() && rng.nextInt(20) == 0) {
        int candidate = positions.get(rng.nextInt(positions.size()));
        if (stock[candidate] > 0) p = candidate;
      }
      for (int t = 0; p < 0 && t < PICK_TRIES; t++) {
        int candidate = rng.nextInt(itemIds.length);
        if (stock[candidate] > 0) p = candidate;
      }
      if (p < 0) continue;
      int qty = Math.min(rng.between(1, maxQty), stock[p]);
      stock[p] -= qty;
      positions.add(p);
      lines.add(new TransactionMessage.Line(itemIds[p], -qty));
    }
    return lines;
  }

  /** Several items of ONE supplier, many units each. */
  private List<TransactionMessage.Line> restock(DetRandom rng, int[] stock) {
    int[] supplier = supplierItems[rng.nextInt(itemIds.length)];
    int count = Math.min(rng.between(3, 12), supplier.length);
    int start = rng.nextInt(supplier.length);
    List<TransactionMessage.Line> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int p = supplier[(start + i) % supplier.length];
      int qty = rng.between(20, 100);
      stock[p] += qty;
      lines.add(new TransactionMessage.Line(itemIds[p], qty));
    }
    return lines;
  }

  /** A distribution-centre delivery of ~10,000 lines: large enough to exercise the 256 KB split. */
  private List<TransactionMessage.Line> bulkRestock(DetRandom rng, int[] stock) {
    int count = rng.between(9_000, 11_000);
    List<TransactionMessage.Line> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int p = rng.nextInt(itemIds.length);
      int qty = rng.between(5, 50);
      stock[p] += qty;
      lines.add(new TransactionMessage.Line(itemIds[p], qty));
    }
    return lines;
  }
}
