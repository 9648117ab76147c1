package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.io.TableReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;

/**
 * What would change in {@code current_inventory} if {@code after} replaced {@code before}: keys added, removed
 * and changed, and per store the units gained and lost. Store by store, so memory is bounded by one store's
 * pairs.
 *
 * @param keysCompared distinct (store, item) keys in either table
 * @param keysChanged keys whose row differs (added and removed ones included)
 * @param stores per store with a change: its counts ({@link StoreChange})
 * @param examples up to {@value #MAX_EXAMPLES} changed rows, "before -> after"
 */
public record GoldDiff(long keysCompared, long keysChanged, long keysAdded, long keysRemoved,
    Map<Integer, StoreChange> stores, List<String> examples) {
  public static final int MAX_EXAMPLES = 20;

  /**
   * @param unitsAdded Σ of positive current_inventory differences (a new key counts from 0)
   * @param unitsRemoved Σ of negative differences, as a positive number (a removed key counts down to 0)
   */
  public record StoreChange(long keysChanged, long keysAdded, long keysRemoved, long unitsAdded,
      long unitsRemoved) {}

  public boolean empty() {
    return keysChanged == 0;
  }

  /** Compares the two tables' current states, store by store. */
  public static GoldDiff between(Table before, Table after, Consumer<String> progress) {
    Snapshot b = before.currentSnapshot();
    Snapshot a = after.currentSnapshot();
    Set<Integer> stores = new TreeSet<>();
    stores.addAll(GoldRecords.goldStores(before, b == null ? null : b.snapshotId()));
    stores.addAll(GoldRecords.goldStores(after, a == null ? null : a.snapshotId()));
    long compared = 0, changed = 0, added = 0, removed = 0;
    Map<Integer, StoreChange> perStore = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    for (int store : stores) {
      Map<Long, GoldRow> old = rows(before, b, store);
      Map<Long, GoldRow> now = rows(after, a, store);
      long sChanged = 0, sAdded = 0, sRemoved = 0, unitsUp = 0, unitsDown = 0;
      Set<Long> keys = new TreeSet<>(old.keySet());
      keys.addAll(now.keySet());
      for (long k : keys) {
        compared++;
        GoldRow o = old.get(k);
        GoldRow n = now.get(k);
        if (o != null && o.equals(n)) continue;
        sChanged++;
        if (o == null) sAdded++;
        if (n == null) sRemoved++;
        long delta = (n == null ? 0 : n.currentInventory()) - (o == null ? 0 : o.currentInventory());
        if (delta > 0) unitsUp += delta; else unitsDown -= delta;
        if (examples.size() < MAX_EXAMPLES) examples.add((o == null ? "(none)" : o) + " -> " + (n == null ? "(none)" : n));
      }
      if (sChanged > 0) perStore.put(store, new StoreChange(sChanged, sAdded, sRemoved, unitsUp, unitsDown));
      changed += sChanged;
      added += sAdded;
      removed += sRemoved;
      progress.accept("gold diff: store " + store);
    }
    return new GoldDiff(compared, changed, added, removed, perStore, examples);
  }

  private static Map<Long, GoldRow> rows(Table table, Snapshot at, int store) {
    Map<Long, GoldRow> out = new HashMap<>();
    if (at == null) return out;
    TableReader.of(table).snapshot(at.snapshotId())
        .where(Expressions.equal(CurrentInventoryTable.STORE_ID, store))
        .forEach(r -> {
          GoldRow g = GoldRecords.gold(r);
          out.put(PairKey.of(g.storeId(), g.itemId()), g);
        });
    return out;
  }
}
