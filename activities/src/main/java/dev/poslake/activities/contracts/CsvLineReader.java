package dev.poslake.activities.contracts;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a CSV file's lines (terminated by LF, CRLF or CR) as bytes, never holding more than {@code maxBytes} of a
 * line: a longer one is skipped to its end and reported as too long, with its first {@code maxBytes} bytes. Why
 * bytes: recount lines are ASCII, and splitting and parsing them where they lie in the read buffer costs no
 * decoding and no String per line; callers decode only what they keep (header names, rejected lines). Why bounded:
 * a file without line breaks (a wrong upload, an attack) must not make a worker buffer it whole.
 *
 * <p>A line is valid until the next {@link #next()}: {@link #buffer()} {@code [}{@link #start()}{@code ,}
 * {@link #end()}{@code )}.
 */
public final class CsvLineReader implements Closeable {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean skipLf; // the previous line ended with CR: a LF right after it belongs to it
  private boolean eof;
  // the current line: a view of buf, or of carry when it spans reads
  private byte[] lineBuf;
  private int lineStart;
  private int lineEnd;
  private long length;
  private byte[] carry = new byte[256];

  public CsvLineReader(InputStream in, int maxBytes) {
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be >= 1");
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** Moves to the next line; false at the end of the input. */
  public boolean next() throws IOException {
    int carried = 0;
    length = 0;
    boolean any = false;
    while (true) {
      if (pos >= limit) {
        if (eof || !fill()) {
          if (!any) return false;
          return line(carry, 0, carried);
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
      int i = pos;
      byte[] b = buf;
      int lim = limit;
      while (i < lim) {
        byte c = b[i];
        if (c == '\n' || c == '\r') break;
        i++;
      }
      int n = i - start;
      length += n;
      if (i < lim) { // at a terminator
        skipLf = b[i] == '\r';
        pos = i + 1;
        if (carried == 0 && length == n) {
          return line(buf, start, start + Math.min(n, maxBytes)); // the whole line lies in the buffer
        }
        carried = keep(start, n, carried);
        return line(carry, 0, carried);
      }
      carried = keep(start, n, carried); // the line goes on in the next read
      pos = lim;
    }
  }

  /** Copies the part of a line that fits the maximum into {@code carry}; returns the bytes kept. */
  private int keep(int start, int n, int carried) {
    int take = Math.min(n, maxBytes - carried);
    if (take > 0) {
      if (carried + take > carry.length) carry = Arrays.copyOf(carry, Math.min(maxBytes, Math.max(2 * carry.length,
          carried + take)));
      System.arraycopy(buf, start, carry, carried, take);
      carried += take;
    }
    return carried;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    while (n == 0) n = in.read(buf, 0, buf.length);
    if (n < 0) {
      eof = true;
      pos = limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private boolean line(byte[] b, int start, int end) {
    lineBuf = b;
    lineStart = start;
    lineEnd = end;
    return true;
  }

  /** The array holding the current line's bytes (kept bytes only, when too long). */
  public byte[] buffer() {
    return lineBuf;
  }

  public int start() {
    return lineStart;
  }

  public int end() {
    return lineEnd;
  }

  /** The line's real length in bytes, terminator excluded. */
  public long length() {
    return length;
  }

  /** True if the line is longer than the maximum: only its first {@code maxBytes} bytes were kept. */
  public boolean tooLong() {
    return length > maxBytes;
  }

  /** The kept bytes decoded as UTF-8 (malformed input becomes U+FFFD), at most {@code maxChars} of them. */
  public String text(int maxBytes) {
    return new String(lineBuf, lineStart, Math.min(lineEnd - lineStart, maxBytes), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
