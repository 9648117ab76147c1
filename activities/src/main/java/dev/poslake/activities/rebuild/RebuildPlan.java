package dev.poslake.activities.rebuild;

import java.util.List;
import java.util.Map;

/**
 * A rebuild as prepared: where it stages, what it recomputes, and what each table's main was when it started
 * (publishing requires main still there, so nothing committed meanwhile is overwritten).
 *
 * @param rebuildId short id; names the staging namespace and the branches ({@link RebuildNames})
 * @param groups the table groups ({@link RebuildScope}), in publish order
 * @param tables their tables, in publish order
 * @param mainSnapshotIds per table, main's snapshot id at preparation ({@code -1}: the table had none)
 * @param stagingNamespace the namespace of the staging tables, e.g. {@code pos_rebuild_3f2a9c1d}
 */
public record RebuildPlan(String rebuildId, List<String> groups, List<String> tables,
    Map<String, Long> mainSnapshotIds, String stagingNamespace, boolean dryRun) {
  /** Stands for "no snapshot" in {@link #mainSnapshotIds}. */
  public static final long NO_SNAPSHOT = -1;

  public RebuildPlan {
    groups = List.copyOf(groups);
    tables = List.copyOf(tables);
    mainSnapshotIds = Map.copyOf(mainSnapshotIds);
  }

  public boolean rebuilds(String group) {
    return groups.contains(group);
  }
}
