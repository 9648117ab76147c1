package dev.poslake.activities.rebuild;

import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rebuild may recompute: three groups of tables, each from its sources. Gold is computed from the other
 * two, so rebuilding either of them rebuilds gold too. Groups and their tables are listed in publish order:
 * a table is published after the tables it is computed from.
 */
public final class RebuildScope {
  /** inventory_change and its quarantine, from bronze. */
  public static final String SILVER = "silver";
  /** inventory_snapshot, its rejects, the file ledger and latest_inventory_snapshot, from the recount files. */
  public static final String SNAPSHOTS = "snapshots";
  /** current_inventory, from silver and latest_inventory_snapshot. */
  public static final String GOLD = "gold";
  public static final List<String> GROUPS = List.of(SILVER, SNAPSHOTS, GOLD);

  private RebuildScope() {}

  /** The tables of a group, in publish order (a table after those its summary positions refer to). */
  public static List<String> tables(String group) {
    return switch (group) {
      case SILVER -> List.of(RejectedInventoryChangeTable.NAME, InventoryChangeTable.NAME);
      // the file ledger last: a file it lists is one whose rows are published
      case SNAPSHOTS -> List.of(InventorySnapshotTable.NAME, LatestInventorySnapshotTable.NAME,
          RejectedSnapshotRowTable.NAME, IngestedSnapshotFileTable.NAME);
      case GOLD -> List.of(CurrentInventoryTable.NAME);
      default -> throw new IllegalArgumentException(
          "unknown table group '" + group + "': choose from " + String.join(", ", GROUPS));
    };
  }

  /**
   * The groups to rebuild for the chosen ones (empty: all), gold added when silver or snapshots are chosen, in
   * publish order. Unknown names throw IllegalArgumentException naming the valid ones.
   */
  public static List<String> expand(List<String> chosen) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String c : chosen == null ? List.<String>of() : chosen) {
      String g = c.trim().toLowerCase(java.util.Locale.ROOT);
      tables(g); // validates
      wanted.add(g);
    }
    if (wanted.isEmpty()) wanted.addAll(GROUPS);
    if (wanted.contains(SILVER) || wanted.contains(SNAPSHOTS)) wanted.add(GOLD);
    List<String> out = new ArrayList<>();
    for (String g : GROUPS) if (wanted.contains(g)) out.add(g);
    return out;
  }

  /** Every table of the groups, in publish order. */
  public static List<String> tablesOf(List<String> groups) {
    List<String> out = new ArrayList<>();
    for (String g : groups) out.addAll(tables(g));
    return out;
  }
}
