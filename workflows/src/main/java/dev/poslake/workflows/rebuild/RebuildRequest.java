package dev.poslake.workflows.rebuild;

import java.util.List;

/**
 * @param tables the table groups to rebuild (silver, snapshots, gold; empty: all); gold comes with the others
 * @param dryRun recompute and check, report what would change in gold, publish nothing
 * @param by who asked, e.g. {@code alice@laptop}
 */
public record RebuildRequest(List<String> tables, boolean dryRun, String by) {
  public RebuildRequest {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
