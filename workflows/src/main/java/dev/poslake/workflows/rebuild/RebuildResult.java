package dev.poslake.workflows.rebuild;

import dev.poslake.activities.rebuild.RebuildCheck;
import dev.poslake.activities.rebuild.RebuildStepResult;
import java.util.List;

/**
 * @param groups the table groups rebuilt, in publish order
 * @param published whether main of every rebuilt table now holds the rebuild (false for a dry run)
 * @param steps what each recompute step wrote into the staging tables
 * @param check the staging gold's check and what publishing changes (did change) in gold
 * @param etlPaused whether the rebuild held the ETL schedule paused (false: no schedule, or a user had paused it)
 */
public record RebuildResult(String rebuildId, List<String> groups, boolean dryRun, boolean published,
    List<RebuildStepResult> steps, RebuildCheck check, boolean etlPaused) {}
