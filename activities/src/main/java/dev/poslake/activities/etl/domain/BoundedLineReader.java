package dev.poslake.activities.etl.domain;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text lines (terminated by LF, CRLF or CR) like {@code BufferedReader.readLine}, but never holds more than
 * {@code maxChars} of a line: a longer one is skipped to its end and returned as too long, with its first
 * {@code maxChars} characters. Why: a file without line breaks (a wrong upload, an attack) must not make a worker
 * buffer it whole.
 */
final class BoundedLineReader {
  /** One line: its text (cut to the maximum when too long) and its real length. */
  record Line(String text, long length, boolean tooLong) {}

  private final Reader in;
  private final int maxChars;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int end;
  private boolean skipLf; // the previous line ended with CR: a LF right after it belongs to it

  BoundedLineReader(Reader in, int maxChars) {
    if (maxChars < 1) throw new IllegalArgumentException("maxChars must be >= 1");
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    StringBuilder text = new StringBuilder();
    long length = 0;
    boolean any = false;
    while (true) {
      if (pos >= end) {
        end = in.read(buf, 0, buf.length);
        pos = 0;
        if (end <= 0) {
          end = 0;
          return any ? line(text, length) : null;
        }
      }
      if (skipLf) {
        skipLf = false;
        if (buf[pos] == '\n') {
          pos++;
          continue;
        }
      }
      any = true;
      int start = pos;
      while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') pos++;
      int n = pos - start;
      if (text.length() < maxChars) text.append(buf, start, Math.min(n, maxChars - text.length()));
      length += n;
      if (pos < end) { // at a terminator
        skipLf = buf[pos] == '\r';
        pos++;
        return line(text, length);
      }
    }
  }

  private Line line(StringBuilder text, long length) {
    return new Line(text.toString(), length, length > maxChars);
  }

  void close() throws IOException {
    in.close();
  }
}
