package dev.poslake.activities.etl.domain;

import java.util.Objects;

/**
 * A refused recount line (or, for {@code bad_header}, the refused file, reported at line 1).
 *
 * @param rawLine the line as read, without line terminator, cut at 1,000 characters
 */
public record SnapshotRejection(String sourceFile, long lineNumber, RejectReason reason, String detail,
    String rawLine) implements SnapshotLine {
  public SnapshotRejection {
    Objects.requireNonNull(sourceFile, "sourceFile");
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
    rawLine = rawLine == null ? "" : rawLine;
  }

  public String code() {
    return reason.code();
  }
}
