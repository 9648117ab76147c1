package dev.poslake.activities.etl.domain;

/** One data line of a recount CSV: a row, or why it was refused. */
public sealed interface SnapshotLine permits SnapshotRow, SnapshotRejection {
  /** The object key / file name the line comes from. */
  String sourceFile();

  /** 1-based physical line number in the file (the header is line 1). */
  long lineNumber();
}
