package dev.poslake.activities.rebuild;

/**
 * A publish that began and cannot complete: some tables are published, a later one's main moved so it cannot be
 * fast-forwarded. The rebuild keeps the ETL held (its tables are not consistent with each other) and asks for a
 * new rebuild, which recomputes from the published state.
 */
public final class PublishIncompleteException extends RuntimeException {
  /** The Temporal failure type: not retryable. */
  public static final String TYPE = "RebuildPublishIncomplete";

  PublishIncompleteException(String message) {
    super(message);
  }
}
