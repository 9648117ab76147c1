package dev.poslake.activities.etl.gold;

import io.temporal.activity.ActivityInterface;

/** The ETL's gold step and the verification behind {@code ./pos verify}. */
@ActivityInterface(namePrefix = "Gold")
public interface GoldActivities {
  /** Incremental merge into current_inventory; idempotent (a retry after the commit does nothing). */
  GoldResult merge();

  /**
   * Full recomputation vs current_inventory, and vs the true stock the worker wires in (the generator's).
   * Read-only.
   */
  VerifyReport verify();
}
