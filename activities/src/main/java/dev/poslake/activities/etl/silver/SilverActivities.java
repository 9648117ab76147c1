package dev.poslake.activities.etl.silver;

import io.temporal.activity.ActivityInterface;

/** Silver step: new bronze rows → inventory_change / rejected_inventory_change. Activity type SilverProcess. */
@ActivityInterface(namePrefix = "Silver")
public interface SilverActivities {
  /**
   * Processes the bronze append snapshots committed since the last processed one (at most
   * {@code maxBronzeSnapshots}, 0 = all). Idempotent: a retry after a commit does not write twice.
   */
  SilverResult process(int maxBronzeSnapshots);
}
