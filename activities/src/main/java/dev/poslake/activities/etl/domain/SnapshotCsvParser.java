package dev.poslake.activities.etl.domain;

import dev.poslake.activities.contracts.CsvFields;
import dev.poslake.activities.contracts.CsvLineReader;
import dev.poslake.activities.contracts.RecountCsv;
import dev.poslake.activities.contracts.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams a recount CSV ({@link RecountCsv}) line by line and pushes each row or rejection to a {@link Sink}; the
 * file is never held in memory. Stateless and thread-safe; each {@link #parse} call is single-threaded.
 *
 * <ul>
 *   <li>Lines are read as bytes ({@link CsvLineReader}): CRLF, LF or CR; a UTF-8 BOM is skipped; bytes that are not
 *       ASCII fail the field they are in (numbers and timestamps are ASCII). A line longer than the maximum (in
 *       bytes) is {@code line_too_long} and skipped unread (a header: {@code bad_header}); memory holds at most one
 *       maximal line.</li>
 *   <li>Header: the five column names, case-insensitive, surrounding blanks ignored, in any order (rows are read
 *       by name). Anything else (missing, duplicate or extra column, empty file) is one {@code bad_header}
 *       rejection at line 1 and no rows: a file with an unknown layout is refused as a whole.</li>
 *   <li>Blank lines (e.g. a final newline, or several) are skipped and counted, not rejected.</li>
 *   <li>Fields are split by {@link CsvFields}: commas outside double quotes, surrounding blanks and one pair of
 *       surrounding double quotes removed.</li>
 *   <li>Integers: optional sign and ASCII digits, within int range, else {@code not_integer}. date_time:
 *       {@code yyyy-MM-dd HH:mm:ss} in UTC, or ISO-8601 (without offset = UTC), else {@code bad_timestamp}.
 *       Quantity is not range-checked (0 and negative recounts are kept as counted).</li>
 *   <li>Per line, the first fault in this order is reported: {@code wrong_column_count}, {@code not_integer} /
 *       {@code bad_timestamp} in the order item, employee, store, date_time, quantity, then {@code unknown_store},
 *       {@code unknown_item}.</li>
 * </ul>
 */
public final class SnapshotCsvParser {
  /** The expected columns, in the canonical order. */
  public static final String[] COLUMNS = RecountCsv.COLUMNS.toArray(new String[0]);
  private static final int ITEM = 0;
  private static final int EMPLOYEE = 1;
  private static final int STORE = 2;
  private static final int DATE_TIME = 3;
  private static final int QUANTITY = 4;
  private static final int MAX_RAW = 1000;
  /** A recount line is about 40 bytes; anything near this is not a recount line. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 4096;
  private static final long NOT_INT = Long.MIN_VALUE;

  private final Validation validation;
  private final int maxLineLength;

  /** Receives a file's lines in order: valid rows as primitives (no object per row), and rejections. */
  public interface Sink {
    /** A valid row; {@code dateTimeMicros} is UTC epoch microseconds. */
    void row(long lineNumber, int itemId, int employeeId, int storeId, long dateTimeMicros, int quantity);

    void rejected(SnapshotRejection rejection);

    /** Rows as {@link SnapshotRow}s, for callers that keep them. */
    static Sink of(String sourceFile, Consumer<? super SnapshotRow> rows, Consumer<? super SnapshotRejection> rejects) {
      return new Sink() {
        @Override
        public void row(long line, int item, int employee, int store, long micros, int quantity) {
          rows.accept(new SnapshotRow(sourceFile, line, item, employee, store, Timestamps.instantOfMicros(micros),
              quantity));
        }

        @Override
        public void rejected(SnapshotRejection rejection) {
          rejects.accept(rejection);
        }
      };
    }
  }

  public SnapshotCsvParser(Validation validation) {
    this(validation, DEFAULT_MAX_LINE_LENGTH);
  }

  /** @param maxLineLength longer lines (in bytes) are rejected ({@code line_too_long}) without being held in memory */
  public SnapshotCsvParser(Validation validation, int maxLineLength) {
    this.validation = Objects.requireNonNull(validation, "validation");
    if (maxLineLength < 64) throw new IllegalArgumentException("maxLineLength must be >= 64: " + maxLineLength);
    this.maxLineLength = maxLineLength;
  }

  /** Counts of one parsed file. */
  public record Summary(String sourceFile, long rows, long rejections, long blankLines, boolean headerOk) {}

  /**
   * Parses the whole stream (the caller closes it) into the sink and returns the counts.
   *
   * @throws UncheckedIOException if reading fails
   */
  public Summary parse(String sourceFile, InputStream in, Sink sink) {
    return new FileParse(Objects.requireNonNull(sourceFile, "sourceFile"), new CsvLineReader(in, maxLineLength), sink)
        .run();
  }

  /** {@link #parse(String, InputStream, Sink)} into {@link SnapshotRow}s and rejections. */
  public Summary parse(String sourceFile, InputStream in, Consumer<? super SnapshotRow> rows,
      Consumer<? super SnapshotRejection> rejections) {
    return parse(sourceFile, in, Sink.of(sourceFile, rows, rejections));
  }

  /** The state of one file's parse. */
  private final class FileParse {
    private final String sourceFile;
    private final CsvLineReader in;
    private final Sink sink;
    private final CsvFields fields = new CsvFields(COLUMNS.length);
    private int[] positions; // positions[canonical column] = index in the file's columns
    private long lineNumber;
    private long rows;
    private long rejected;
    private long blank;
    // a recount's rows share one date_time: parse it once, compare the bytes after that
    private final byte[] lastTime = new byte[40];
    private int lastTimeLength = -1;
    private long lastTimeMicros;

    FileParse(String sourceFile, CsvLineReader in, Sink sink) {
      this.sourceFile = sourceFile;
      this.in = in;
      this.sink = sink;
    }

    Summary run() {
      try {
        if (!in.next()) {
          reject(new SnapshotRejection(sourceFile, 1, RejectReason.BAD_HEADER, "empty file", ""));
          return summary(false);
        }
        lineNumber = 1;
        SnapshotRejection bad = in.tooLong()
            ? new SnapshotRejection(sourceFile, 1, RejectReason.BAD_HEADER, "header longer than " + maxLineLength
                + " bytes", in.text(MAX_RAW))
            : readHeader();
        if (bad != null) {
          reject(bad);
          return summary(false);
        }
        while (in.next()) {
          lineNumber++;
          if (in.tooLong()) {
            reject(new SnapshotRejection(sourceFile, lineNumber, RejectReason.LINE_TOO_LONG, "line of "
                + in.length() + " bytes, longer than " + maxLineLength, in.text(MAX_RAW)));
          } else if (isBlank(in.buffer(), in.start(), in.end())) {
            blank++;
          } else {
            parseRow(in.buffer(), in.start(), in.end());
          }
        }
        return summary(true);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + sourceFile + " after line " + lineNumber, e);
      }
    }

    private Summary summary(boolean headerOk) {
      return new Summary(sourceFile, rows, rejected, blank, headerOk);
    }

    private SnapshotRejection readHeader() {
      byte[] b = in.buffer();
      int start = in.start();
      if (in.end() - start >= 3 && b[start] == (byte) 0xEF && b[start + 1] == (byte) 0xBB
          && b[start + 2] == (byte) 0xBF) {
        start += 3; // UTF-8 byte order mark
      }
      int n = fields.split(b, start, in.end());
      int[] pos = {-1, -1, -1, -1, -1};
      String problem = null;
      if (n != COLUMNS.length) {
        problem = "expected " + COLUMNS.length + " columns, got " + n;
      } else {
        for (int i = 0; i < n && problem == null; i++) {
          String name = fields.text(i).toLowerCase(Locale.ROOT);
          int c = Arrays.asList(COLUMNS).indexOf(name);
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
            problem + " (expected " + String.join(",", COLUMNS) + ")", new String(b, start, Math.min(in.end() - start,
                MAX_RAW), StandardCharsets.UTF_8));
      }
      positions = pos;
      return null;
    }

    private void parseRow(byte[] b, int start, int end) {
      int n = fields.split(b, start, end);
      if (n != COLUMNS.length) {
        reject(RejectReason.WRONG_COLUMN_COUNT, "expected " + COLUMNS.length + " columns, got " + n);
        return;
      }
      long item = field(ITEM);
      if (item == NOT_INT) {
        notInteger(ITEM);
        return;
      }
      long employee = field(EMPLOYEE);
      if (employee == NOT_INT) {
        notInteger(EMPLOYEE);
        return;
      }
      long store = field(STORE);
      if (store == NOT_INT) {
        notInteger(STORE);
        return;
      }
      long micros = dateTime();
      if (micros == Timestamps.INVALID) {
        reject(RejectReason.BAD_TIMESTAMP, "date_time " + quote(text(DATE_TIME)));
        return;
      }
      long quantity = field(QUANTITY);
      if (quantity == NOT_INT) {
        notInteger(QUANTITY);
        return;
      }
      if (!validation.isKnownStore((int) store)) {
        reject(RejectReason.UNKNOWN_STORE, "store_id " + store);
        return;
      }
      if (!validation.isKnownItem((int) item)) {
        reject(RejectReason.UNKNOWN_ITEM, "item_id " + item);
        return;
      }
      rows++;
      sink.row(lineNumber, (int) item, (int) employee, (int) store, micros, (int) quantity);
    }

    private long dateTime() {
      int i = positions[DATE_TIME];
      byte[] b = fields.line();
      int from = fields.start(i);
      int len = fields.end(i) - from;
      if (len == lastTimeLength && Arrays.equals(b, from, from + len, lastTime, 0, len)) {
        return lastTimeMicros;
      }
      long micros = Timestamps.parseUtcDateTimeMicros(b, from, from + len);
      if (micros != Timestamps.INVALID && len <= lastTime.length) {
        System.arraycopy(b, from, lastTime, 0, len);
        lastTimeLength = len;
        lastTimeMicros = micros;
      }
      return micros;
    }

    private long field(int column) {
      return fields.parseInt(positions[column]);
    }

    private String text(int column) {
      return fields.text(positions[column]);
    }

    private void notInteger(int column) {
      reject(RejectReason.NOT_INTEGER, COLUMNS[column] + " " + quote(text(column)));
    }

    private void reject(RejectReason reason, String detail) {
      reject(new SnapshotRejection(sourceFile, lineNumber, reason, detail, in.text(MAX_RAW)));
    }

    private void reject(SnapshotRejection r) {
      rejected++;
      sink.rejected(r);
    }
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0 || b[i] > ' ') return false;
    }
    return true;
  }

  /** A strict base-10 int (optional sign, ASCII digits), or {@link Long#MIN_VALUE}. */
  static long parseInt(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return CsvFields.parseInt(b, 0, b.length);
  }

  private static String quote(String s) {
    return '"' + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + '"';
  }
}
