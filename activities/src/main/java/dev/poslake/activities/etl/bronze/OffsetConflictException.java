package dev.poslake.activities.etl.bronze;

/**
 * The committed offsets of a partition contradict a range (neither its start nor at/after its end, or past
 * the log end). Retrying cannot help: a human must look (or a new plan must be made).
 */
public final class OffsetConflictException extends RuntimeException {
  public OffsetConflictException(String message) {
    super(message);
  }
}
