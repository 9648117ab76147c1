package dev.poslake.activities.etl.silver;

/** A parse activity cannot derive the plan's file list from bronze: retrying the same plan cannot help. */
public final class SilverPlanMismatchException extends IllegalStateException {
  SilverPlanMismatchException(String message) {
    super(message);
  }
}
