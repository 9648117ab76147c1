package dev.poslake.activities.reference;

/** A reference file is invalid. The message names the file, the 1-based line number and the reason. */
public class ReferenceFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final long line;
  private final String reason;

  public ReferenceFileException(String file, long line, String reason) {
    super(file + " line " + line + ": " + reason);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  /** 1-based line number (the header is line 1). */
  public long line() {
    return line;
  }

  public String reason() {
    return reason;
  }
}
