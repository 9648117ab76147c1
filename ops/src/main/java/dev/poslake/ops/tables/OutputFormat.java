package dev.poslake.ops.tables;

/** How rows are printed: an aligned text table, CSV with a header, or JSON lines. */
public enum OutputFormat {
  TABLE, CSV, JSON
}
