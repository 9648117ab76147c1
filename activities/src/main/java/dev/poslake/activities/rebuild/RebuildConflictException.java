package dev.poslake.activities.rebuild;

/** A table's main moved while a rebuild ran (something committed despite the pause): it publishes nothing. */
public final class RebuildConflictException extends RuntimeException {
  /** The Temporal failure type: not retryable, a rerun starts from the new main. */
  public static final String TYPE = "RebuildConflict";

  RebuildConflictException(String message) {
    super(message);
  }

  static RebuildConflictException mainMoved(String table, long expected, long now) {
    return new RebuildConflictException(table + ": main moved from snapshot " + expected + " to " + now
        + " while the rebuild ran (was the ETL run meanwhile?); nothing was published; run the rebuild again");
  }
}
