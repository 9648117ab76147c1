package dev.poslake.activities.etl.silver;

/**
 * The silver state a commit was guarded on moved to another batch (another run committed): this attempt wrote
 * nothing. A retry of the same plan would fail again; a new plan starts from the new state.
 */
public final class SilverStateMovedException extends IllegalStateException {
  SilverStateMovedException(String message, Throwable cause) {
    super(message, cause);
  }
}
