package dev.poslake.activities.rebuild;

import dev.poslake.activities.etl.gold.GoldDiff;
import dev.poslake.activities.etl.gold.VerifyReport;

/**
 * @param verify the staging gold against a full recomputation of the staging inputs (must be ok to publish)
 * @param goldDiff what publishing would change in current_inventory
 */
public record RebuildCheck(VerifyReport verify, GoldDiff goldDiff) {}
