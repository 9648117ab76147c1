package dev.poslake.activities.etl.domain;

import java.util.Objects;

/**
 * A refused change message: a stable reason and a short human-readable detail (field, offending value truncated,
 * line index). The raw value and source offset are the caller's to store next to it.
 */
public record Rejection(RejectReason reason, String detail) implements ParseResult {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  /** The stable reason code, e.g. {@code unknown_item}. */
  public String code() {
    return reason.code();
  }
}
