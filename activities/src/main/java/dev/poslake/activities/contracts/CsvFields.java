package dev.poslake.activities.contracts;

import java.nio.charset.StandardCharsets;

/**
 * Splits one CSV line (bytes, as {@link CsvLineReader} returns it) into fields, without allocating: fields are
 * separated by commas outside double quotes; surrounding blanks (ASCII space and control characters) are
 * trimmed; a field then enclosed in double quotes loses them (and the blanks inside them), and {@code ""} inside
 * it stands for one quote ({@link #text}). A quoted field cannot span lines. Reused line after line; not
 * thread-safe.
 *
 * <p>Why not Jackson's CSV parser, which is on the classpath: the recount reader must bound a line's length
 * before anything buffers it, keep the raw line of a rejected row, and go on after a malformed line; Jackson reads
 * whole tokens into memory and stops at a malformed quote. Both the ETL's recount parser and replay use this one.
 */
public final class CsvFields {
  private final int[] from;
  private final int[] to;
  private final boolean[] quoted;
  private byte[] line;
  private int count;
  private boolean unclosedQuote;

  /** @param capacity fields whose bounds are kept; a line may have more (they are counted) */
  public CsvFields(int capacity) {
    from = new int[capacity];
    to = new int[capacity];
    quoted = new boolean[capacity];
  }

  /** Splits {@code b[start, end)}; returns the number of fields (at least 1, possibly more than the capacity). */
  public int split(byte[] b, int start, int end) {
    line = b;
    count = 0;
    int fieldStart = start;
    boolean atFieldStart = true; // only blanks so far in this field: a quote here opens a quoted field
    boolean inQuotes = false;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (inQuotes) {
        if (c == '"') {
          if (i + 1 < end && b[i + 1] == '"') {
            i++; // "" stands for one quote
          } else {
            inQuotes = false;
          }
        }
      } else if (c == ',') {
        field(fieldStart, i);
        fieldStart = i + 1;
        atFieldStart = true;
      } else if (c == '"' && atFieldStart) {
        inQuotes = true;
        atFieldStart = false;
      } else if (!blank(c)) {
        atFieldStart = false;
      }
    }
    field(fieldStart, end);
    unclosedQuote = inQuotes;
    return count;
  }

  /** True if the last line split ends inside a quoted field (the quote runs to the end of the line). */
  public boolean unclosedQuote() {
    return unclosedQuote;
  }

  private void field(int start, int end) {
    if (count < from.length) {
      int a = start;
      int z = end;
      while (a < z && blank(line[a])) a++;
      while (z > a && blank(line[z - 1])) z--;
      boolean q = z - a >= 2 && line[a] == '"' && line[z - 1] == '"';
      if (q) {
        a++;
        z--;
        while (a < z && blank(line[a])) a++;
        while (z > a && blank(line[z - 1])) z--;
      }
      from[count] = a;
      to[count] = z;
      quoted[count] = q;
    }
    count++;
  }

  private static boolean blank(byte c) {
    return c >= 0 && c <= ' ';
  }

  public int count() {
    return count;
  }

  /** Start of field {@code i} in the line's array (after trimming and unquoting). */
  public int start(int i) {
    return from[i];
  }

  public int end(int i) {
    return to[i];
  }

  /** The array the line lies in. */
  public byte[] line() {
    return line;
  }

  /** Field {@code i} decoded as UTF-8, with {@code ""} read as one quote in a quoted field. */
  public String text(int i) {
    String s = new String(line, from[i], to[i] - from[i], StandardCharsets.UTF_8);
    return quoted[i] ? s.replace("\"\"", "\"") : s;
  }

  /** True if field {@code i} equals {@code ascii} byte for byte. */
  public boolean equalsAscii(int i, String ascii) {
    int n = to[i] - from[i];
    if (n != ascii.length()) return false;
    for (int k = 0; k < n; k++) {
      if (line[from[i] + k] != ascii.charAt(k)) return false;
    }
    return true;
  }

  /**
   * Field {@code i} as a strict base-10 int (optional sign, ASCII digits), or {@link Long#MIN_VALUE} if it is not
   * one or is outside the int range.
   */
  public long parseInt(int i) {
    return parseInt(line, from[i], to[i]);
  }

  /** {@link #parseInt(int)} of {@code b[from, to)}. */
  public static long parseInt(byte[] b, int from, int to) {
    int i = from;
    boolean negative = false;
    if (to > from && (b[from] == '-' || b[from] == '+')) {
      negative = b[from] == '-';
      i = from + 1;
    }
    if (i == to || to - i > 10) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    v = negative ? -v : v;
    return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? Long.MIN_VALUE : v;
  }
}
