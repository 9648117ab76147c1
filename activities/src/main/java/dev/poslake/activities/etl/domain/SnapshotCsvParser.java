package dev.poslake.activities.etl.domain;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams a recount CSV ({@code item_id,employee_id,store_id,date_time,quantity}) line by line; the file is never
 * held in memory. Stateless and thread-safe; each {@link #open} returns a single-use, single-threaded iterator.
 *
 * <ul>
 *   <li>Line endings CRLF, LF (or CR); a UTF-8 BOM is skipped; undecodable bytes become U+FFFD (and then fail the
 *       field they are in). A line longer than the maximum is {@code line_too_long} and skipped unread (a header:
 *       {@code bad_header}); memory holds at most one maximal line.</li>
 *   <li>Header: the five column names, case-insensitive, surrounding blanks ignored, in any order (rows are read
 *       by name). Anything else (missing, duplicate or extra column, empty file) is one {@code bad_header}
 *       rejection at line 1 and no rows: a file with an unknown layout is refused as a whole.</li>
 *   <li>Blank lines (e.g. a final newline, or several) are skipped and counted, not rejected.</li>
 *   <li>Fields are split on commas (the columns are numbers and timestamps: no quoting with embedded commas);
 *       surrounding blanks and one pair of surrounding double quotes are removed.</li>
 *   <li>Integers: optional sign and ASCII digits, within int range, else {@code not_integer}. date_time:
 *       {@code yyyy-MM-dd HH:mm:ss} in UTC, or ISO-8601 (without offset = UTC), else {@code bad_timestamp}.
 *       Quantity is not range-checked (0 and negative recounts are kept as counted).</li>
 *   <li>Per line, the first fault in this order is reported: {@code wrong_column_count}, {@code not_integer} /
 *       {@code bad_timestamp} in header-schema column order, {@code unknown_store}, {@code unknown_item}.</li>
 * </ul>
 */
public final class SnapshotCsvParser {
  /** The expected columns, in the canonical order. */
  public static final String[] COLUMNS = {"item_id", "employee_id", "store_id", "date_time", "quantity"};
  private static final int ITEM = 0;
  private static final int EMPLOYEE = 1;
  private static final int STORE = 2;
  private static final int DATE_TIME = 3;
  private static final int QUANTITY = 4;
  private static final int MAX_RAW = 1000;
  /** A recount line is about 40 characters; anything near this is not a recount line. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 4096;

  private final Validation validation;
  private final int maxLineLength;

  public SnapshotCsvParser(Validation validation) {
    this(validation, DEFAULT_MAX_LINE_LENGTH);
  }

  /** @param maxLineLength longer lines are rejected ({@code line_too_long}) without being held in memory */
  public SnapshotCsvParser(Validation validation, int maxLineLength) {
    this.validation = Objects.requireNonNull(validation, "validation");
    if (maxLineLength < 64) throw new IllegalArgumentException("maxLineLength must be >= 64: " + maxLineLength);
    this.maxLineLength = maxLineLength;
  }

  /** Counts of one parsed file. */
  public record Summary(String sourceFile, long rows, long rejections, long blankLines, boolean headerOk) {}

  /** Iterates a file decoded as UTF-8. The caller closes the stream (closing the iterator also closes it). */
  public LineIterator open(String sourceFile, InputStream in) {
    InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE));
    return open(sourceFile, reader);
  }

  public LineIterator open(String sourceFile, Reader in) {
    return new LineIterator(Objects.requireNonNull(sourceFile, "sourceFile"), new BoundedLineReader(in, maxLineLength));
  }

  /** Push form: feeds every row and rejection to the consumers, in file order, and returns the counts. */
  public Summary parse(String sourceFile, Reader in, Consumer<? super SnapshotRow> rows,
      Consumer<? super SnapshotRejection> rejections) {
    LineIterator it = open(sourceFile, in);
    while (it.hasNext()) {
      SnapshotLine line = it.next();
      if (line instanceof SnapshotRow) {
        rows.accept((SnapshotRow) line);
      } else {
        rejections.accept((SnapshotRejection) line);
      }
    }
    return it.summary();
  }

  /**
   * Pull form. {@link #hasNext()}/{@link #next()} throw {@link UncheckedIOException} if reading fails.
   */
  public final class LineIterator implements Iterator<SnapshotLine>, Closeable {
    private final String sourceFile;
    private final BoundedLineReader in;
    private long lineNumber;
    private int[] positions; // positions[canonical column] = index in the file's columns; null before the header
    private boolean done;
    private SnapshotLine next;
    private long rows;
    private long rejected;
    private long blank;
    private boolean headerOk;

    private LineIterator(String sourceFile, BoundedLineReader in) {
      this.sourceFile = sourceFile;
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        next = advance();
        if (next == null) {
          done = true;
        } else if (next instanceof SnapshotRow) {
          rows++;
        } else {
          rejected++;
        }
      }
      return next != null;
    }

    @Override
    public SnapshotLine next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SnapshotLine l = next;
      next = null;
      return l;
    }

    /** Counts so far (final once {@link #hasNext()} returned false). */
    public Summary summary() {
      return new Summary(sourceFile, rows, rejected, blank, headerOk);
    }

    @Override
    public void close() throws IOException {
      done = true;
      in.close();
    }

    private SnapshotLine advance() {
      try {
        if (positions == null) {
          BoundedLineReader.Line first = in.next();
          lineNumber = 1;
          SnapshotRejection bad = first != null && first.tooLong()
              ? new SnapshotRejection(sourceFile, 1, RejectReason.BAD_HEADER, "header longer than "
                  + maxLineLength + " characters", cut(first.text()))
              : readHeader(first == null ? null : first.text());
          if (bad != null) {
            done = true;
            return bad;
          }
          headerOk = true;
        }
        BoundedLineReader.Line line;
        while ((line = in.next()) != null) {
          lineNumber++;
          if (line.tooLong()) {
            return new SnapshotRejection(sourceFile, lineNumber, RejectReason.LINE_TOO_LONG, "line of "
                + line.length() + " characters, longer than " + maxLineLength, cut(line.text()));
          }
          if (line.text().isBlank()) {
            blank++;
            continue;
          }
          return parseRow(line.text());
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + sourceFile + " after line " + lineNumber, e);
      }
    }

    private SnapshotRejection readHeader(String header) {
      if (header == null) {
        return new SnapshotRejection(sourceFile, 1, RejectReason.BAD_HEADER, "empty file", "");
      }
      if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
        header = header.substring(1);
      }
      String[] names = header.split(",", -1);
      int[] pos = {-1, -1, -1, -1, -1};
      String problem = null;
      if (names.length != COLUMNS.length) {
        problem = "expected " + COLUMNS.length + " columns, got " + names.length;
      } else {
        for (int i = 0; i < names.length && problem == null; i++) {
          String name = unquote(names[i].strip()).toLowerCase(Locale.ROOT);
          int c = indexOf(name);
          if (c < 0) {
            problem = "unexpected column " + name;
          } else if (pos[c] >= 0) {
            problem = "duplicate column " + name;
          } else {
            pos[c] = i;
          }
        }
      }
      if (problem != null) {
        return new SnapshotRejection(sourceFile, 1, RejectReason.BAD_HEADER,
            problem + " (expected " + String.join(",", COLUMNS) + ")", cut(header));
      }
      positions = pos;
      return null;
    }

    // field bounds of the current line (after blanks and one pair of quotes are removed): no String per field
    private final int[] from = new int[COLUMNS.length];
    private final int[] to = new int[COLUMNS.length];

    private SnapshotLine parseRow(String line) {
      // split without regex: exactly COLUMNS.length fields
      int start = 0;
      int n = 0;
      for (int i = 0; i <= line.length(); i++) {
        if (i == line.length() || line.charAt(i) == ',') {
          if (n < COLUMNS.length) {
            bounds(line, start, i, n);
          }
          n++;
          start = i + 1;
        }
      }
      if (n != COLUMNS.length) {
        return reject(RejectReason.WRONG_COLUMN_COUNT, "expected " + COLUMNS.length + " columns, got " + n, line);
      }
      long item = field(line, ITEM);
      if (item == NOT_INT) {
        return notInteger(ITEM, line);
      }
      long employee = field(line, EMPLOYEE);
      if (employee == NOT_INT) {
        return notInteger(EMPLOYEE, line);
      }
      long store = field(line, STORE);
      if (store == NOT_INT) {
        return notInteger(STORE, line);
      }
      String dt = text(line, DATE_TIME);
      Instant dateTime = Timestamps.parseUtcDateTime(dt);
      if (dateTime == null) {
        return reject(RejectReason.BAD_TIMESTAMP, "date_time " + quote(dt), line);
      }
      long quantity = field(line, QUANTITY);
      if (quantity == NOT_INT) {
        return notInteger(QUANTITY, line);
      }
      if (!validation.isKnownStore((int) store)) {
        return reject(RejectReason.UNKNOWN_STORE, "store_id " + store, line);
      }
      if (!validation.isKnownItem((int) item)) {
        return reject(RejectReason.UNKNOWN_ITEM, "item_id " + item, line);
      }
      return new SnapshotRow(sourceFile, lineNumber, (int) item, (int) employee, (int) store, dateTime,
          (int) quantity);
    }

    /** Bounds of file column {@code index} in [start, end): like {@code unquote(line.substring(..).strip())}. */
    private void bounds(String line, int start, int end, int index) {
      int a = start;
      int b = end;
      while (a < b && Character.isWhitespace(line.charAt(a))) a++;
      while (b > a && Character.isWhitespace(line.charAt(b - 1))) b--;
      if (b - a >= 2 && line.charAt(a) == '"' && line.charAt(b - 1) == '"') {
        a++;
        b--;
        while (a < b && Character.isWhitespace(line.charAt(a))) a++;
        while (b > a && Character.isWhitespace(line.charAt(b - 1))) b--;
      }
      from[index] = a;
      to[index] = b;
    }

    private long field(String line, int column) {
      int i = positions[column];
      return parseInt(line, from[i], to[i]);
    }

    private String text(String line, int column) {
      int i = positions[column];
      return line.substring(from[i], to[i]);
    }

    private SnapshotRejection notInteger(int column, String line) {
      return reject(RejectReason.NOT_INTEGER, COLUMNS[column] + " " + quote(text(line, column)), line);
    }

    private SnapshotRejection reject(RejectReason reason, String detail, String line) {
      return new SnapshotRejection(sourceFile, lineNumber, reason, detail, cut(line));
    }
  }

  private static final long NOT_INT = Long.MIN_VALUE;

  /** A strict base-10 int (optional sign, ASCII digits), or {@link #NOT_INT}. */
  static long parseInt(String s) {
    return parseInt(s, 0, s.length());
  }

  /** {@link #parseInt(String)} of {@code s[from, to)}. */
  static long parseInt(String s, int from, int to) {
    int i = from;
    boolean negative = false;
    if (to > from && (s.charAt(from) == '-' || s.charAt(from) == '+')) {
      negative = s.charAt(from) == '-';
      i = from + 1;
    }
    if (i == to || to - i > 10) {
      return NOT_INT;
    }
    long v = 0;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return NOT_INT;
      }
      v = v * 10 + (c - '0');
    }
    v = negative ? -v : v;
    return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? NOT_INT : v;
  }

  private static int indexOf(String name) {
    for (int i = 0; i < COLUMNS.length; i++) {
      if (COLUMNS[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
        ? s.substring(1, s.length() - 1).strip()
        : s;
  }

  private static String quote(String s) {
    return '"' + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + '"';
  }

  private static String cut(String line) {
    return line.length() > MAX_RAW ? line.substring(0, MAX_RAW) : line;
  }
}
