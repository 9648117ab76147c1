package dev.poslake.activities.etl.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotCsvParserTest {
  private static final String FILE = "inventory_snapshots/inventory_snapshot_1_2026-11-20_00-00-00.csv";
  private static final String HEADER = "item_id,employee_id,store_id,date_time,quantity";
  private static final Instant T = Instant.parse("2026-11-20T00:00:00Z");

  private final SnapshotCsvParser parser = new SnapshotCsvParser(Fixtures.VALIDATION);

  private List<SnapshotLine> parse(String content) {
    return parse(parser, content);
  }

  /** Every row and rejection of a file, in order. */
  static List<SnapshotLine> parse(SnapshotCsvParser parser, String content) {
    return parse(parser, new ByteArrayInputStream(content.getBytes(UTF_8)));
  }

  static List<SnapshotLine> parse(SnapshotCsvParser parser, InputStream in) {
    List<SnapshotLine> out = new ArrayList<>();
    parser.parse(FILE, in, out::add, out::add);
    return out;
  }

  private SnapshotRejection onlyRejection(String line, RejectReason reason) {
    List<SnapshotLine> lines = parse(HEADER + "\r\n" + line + "\r\n");
    assertEquals(1, lines.size(), lines::toString);
    SnapshotRejection r = assertInstanceOf(SnapshotRejection.class, lines.get(0));
    assertEquals(reason, r.reason(), r::detail);
    assertEquals(2, r.lineNumber());
    assertEquals(FILE, r.sourceFile());
    assertEquals(line, r.rawLine());
    return r;
  }

  @Test
  void parsesCrlfFileWithLineNumbers() {
    List<SnapshotLine> lines = parse(HEADER + "\r\n100001,7,1,2026-11-20 00:00:00,12\r\n"
        + "100002,7,1,2026-11-20 00:00:00,0\r\n");
    assertEquals(List.of(
        new SnapshotRow(FILE, 2, 100001, 7, 1, T, 12),
        new SnapshotRow(FILE, 3, 100002, 7, 1, T, 0)), lines);
  }

  @Test
  void lfNoFinalNewlineBomAndBlankLines() {
    List<SnapshotLine> lines = parse("\uFEFF" + HEADER + "\n100001,7,1,2026-11-20 00:00:00,12\n\n  \n"
        + "100002,7,1,2026-11-20 00:00:00,3");
    assertEquals(List.of(
        new SnapshotRow(FILE, 2, 100001, 7, 1, T, 12),
        new SnapshotRow(FILE, 5, 100002, 7, 1, T, 3)), lines);
  }

  @Test
  void acceptsIsoTimestampsBlanksAndQuotes() {
    List<SnapshotLine> lines = parse(HEADER + "\n"
        + "100001,7,1,2026-11-20T00:00:00Z,1\n"
        + "100001,7,1,2026-11-20T01:00:00+01:00,2\n"
        + "100001,7,1,2026-11-20T00:00:00,3\n"
        + "100001,7,1,2026-11-20T00:00:00.000Z,4\n"
        + " 100001 , \"7\" ,1, \"2026-11-20 00:00:00\" ,5\n"
        + "100001,7,1,2026-11-20 00:00:00,-3\n");
    for (SnapshotLine l : lines) {
      SnapshotRow r = assertInstanceOf(SnapshotRow.class, l, l::toString);
      assertEquals(T, r.dateTime());
      assertEquals(7, r.employeeId());
    }
    assertEquals(-3, ((SnapshotRow) lines.get(5)).quantity(), "negative recount kept as counted");
  }

  @Test
  void headerColumnsAreMatchedByNameInAnyOrder() {
    List<SnapshotLine> lines = parse("Store_ID, quantity,item_id,date_time,employee_id\r\n"
        + "1,12,100001,2026-11-20 00:00:00,7\r\n");
    assertEquals(List.of(new SnapshotRow(FILE, 2, 100001, 7, 1, T, 12)), lines);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "item_id,employee_id,store_id,date_time",
      "item_id,employee_id,store_id,date_time,quantity,extra", "item_id,employee_id,store_id,date_time,qty",
      "item_id,employee_id,store_id,date_time,item_id", "100001,7,1,2026-11-20 00:00:00,12"})
  void badHeaderRefusesTheWholeFile(String header) {
    List<SnapshotLine> lines = parse(header + "\r\n100001,7,1,2026-11-20 00:00:00,12\r\n");
    assertEquals(1, lines.size());
    SnapshotRejection r = assertInstanceOf(SnapshotRejection.class, lines.get(0));
    assertEquals(RejectReason.BAD_HEADER, r.reason());
    assertEquals(1, r.lineNumber());
  }

  @Test
  void emptyFileIsBadHeader() {
    List<SnapshotLine> lines = parse("");
    assertEquals(RejectReason.BAD_HEADER, ((SnapshotRejection) lines.get(0)).reason());
    assertEquals(1, lines.size());
  }

  @Test
  void headerOnlyFileHasNoRows() {
    List<SnapshotLine> out = new ArrayList<>();
    SnapshotCsvParser.Summary s = parser.parse(FILE, bytes(HEADER + "\r\n"), out::add, out::add);
    assertTrue(out.isEmpty());
    assertEquals(new SnapshotCsvParser.Summary(FILE, 0, 0, 0, true), s);
  }

  @Test
  void aQuotedFieldMayHoldACommaAndStaysOneField() {
    onlyRejection("\"100001,5\",7,1,2026-11-20 00:00:00,12", RejectReason.NOT_INTEGER);
  }

  @Test
  void repeatedTimestampsAreParsedAsTheyChange() {
    List<SnapshotLine> lines = parse(HEADER + "\n100001,7,1,2026-11-20 00:00:00,1\n100002,7,1,2026-11-20 00:00:00,2\n"
        + "100003,7,1,2026-11-20 00:00:01,3\n100004,7,1,2026-11-20 00:00:00,4\n100005,7,1,2026-11-31 00:00:00,5\n"
        + "100006,7,1,2026-11-31 00:00:00,6\n");
    List<Instant> times = new ArrayList<>();
    for (SnapshotLine l : lines) times.add(l instanceof SnapshotRow r ? r.dateTime() : null);
    assertEquals(java.util.Arrays.asList(T, T, T.plusSeconds(1), T, null, null), times);
  }

  @ParameterizedTest
  @ValueSource(strings = {"100001,7,1,2026-11-20 00:00:00", "100001,7,1,2026-11-20 00:00:00,12,",
      "100001,7,1,2026-11-20 00:00:00,12,9", "100001", "100001;7;1;2026-11-20 00:00:00;12"})
  void wrongColumnCount(String line) {
    onlyRejection(line, RejectReason.WRONG_COLUMN_COUNT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x,7,1,2026-11-20 00:00:00,12", "100001,,1,2026-11-20 00:00:00,12",
      "100001,7,1.0,2026-11-20 00:00:00,12", "100001,7,1,2026-11-20 00:00:00,1.5",
      "100001,7,1,2026-11-20 00:00:00,2147483648", "100001,7,1,2026-11-20 00:00:00,-",
      "100001,7,1,2026-11-20 00:00:00,1e3", "100001,7,1,2026-11-20 00:00:00,\u0661\u0662",
      "100001,7,1,2026-11-20 00:00:00,99999999999"})
  void notInteger(String line) {
    onlyRejection(line, RejectReason.NOT_INTEGER);
  }

  @Test
  void notIntegerNamesTheColumn() {
    assertEquals("employee_id \"e7\"",
        onlyRejection("100001,e7,1,2026-11-20 00:00:00,12", RejectReason.NOT_INTEGER).detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2026-11-20", "20/11/2026 00:00:00", "2026-11-31 00:00:00", "2026-11-20 25:00:00",
      "2026-11-20 00:00:00 UTC", "2026-11-20_00-00-00"})
  void badTimestamp(String dt) {
    onlyRejection("100001,7,1," + dt + ",12", RejectReason.BAD_TIMESTAMP);
  }

  @Test
  void unknownStoreAndItem() {
    onlyRejection("100001,7,99,2026-11-20 00:00:00,12", RejectReason.UNKNOWN_STORE);
    onlyRejection("100000,7,1,2026-11-20 00:00:00,12", RejectReason.UNKNOWN_ITEM);
    onlyRejection("200001,7,1,2026-11-20 00:00:00,12", RejectReason.UNKNOWN_ITEM);
    // store is checked before item
    onlyRejection("5,7,99,2026-11-20 00:00:00,12", RejectReason.UNKNOWN_STORE);
  }

  @Test
  void firstFaultInColumnOrderWins() {
    onlyRejection("x,7,99,bad,12", RejectReason.NOT_INTEGER);
    onlyRejection("5,7,99,bad,12", RejectReason.BAD_TIMESTAMP);
    onlyRejection("5,7,99,bad", RejectReason.WRONG_COLUMN_COUNT);
  }

  @Test
  void badLinesDoNotStopTheFile() {
    List<SnapshotRow> rows = new ArrayList<>();
    List<SnapshotRejection> rejections = new ArrayList<>();
    SnapshotCsvParser.Summary s = parser.parse(FILE, bytes(HEADER + "\r\n"
            + "100001,7,1,2026-11-20 00:00:00,12\r\n"
            + "garbage\r\n"
            + "\r\n"
            + "100003,7,1,2026-11-20 00:00:00,4\r\n"),
        rows::add, rejections::add);
    assertEquals(2, rows.size());
    assertEquals(5, rows.get(1).lineNumber());
    assertEquals(1, rejections.size());
    assertEquals(3, rejections.get(0).lineNumber());
    assertEquals(new SnapshotCsvParser.Summary(FILE, 2, 1, 1, true), s);
  }

  @Test
  void inputStreamIsDecodedAsUtf8AndInvalidBytesFailTheirField() {
    byte[] b = (HEADER + "\n100001,7,1,2026-11-20 00:00:00,12\n100001,7,1,2026-11-20 00:00:00,1X\n")
        .getBytes(UTF_8);
    b[b.length - 2] = (byte) 0xFF;
    List<SnapshotLine> out = parse(parser, new ByteArrayInputStream(b));
    assertInstanceOf(SnapshotRow.class, out.get(0));
    assertEquals(RejectReason.NOT_INTEGER, ((SnapshotRejection) out.get(1)).reason());
  }

  @Test
  void rawLineIsCut() {
    String longLine = "100001,7,1,2026-11-20 00:00:00,12," + "x".repeat(5000);
    SnapshotRejection r = (SnapshotRejection) parse(HEADER + "\n" + longLine).get(0);
    assertEquals(1000, r.rawLine().length());
  }

  @Test
  void readErrorsAreUnchecked() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("boom");
      }
    };
    assertThrows(UncheckedIOException.class, () -> parse(parser, failing));
  }

  /** Streaming: a 100k-row file is produced on the fly and never held in memory. Not a timing test. */
  @Test
  void streamsAHundredThousandRows() {
    int n = 100_000;
    InputStream generated = new InputStream() {
      private byte[] current = (HEADER + "\r\n").getBytes(UTF_8);
      private int pos;
      private int row;

      @Override
      public int read() {
        if (pos == current.length) {
          if (row == n) {
            return -1;
          }
          current = ((100001 + row) + ",42,1,2026-11-20 00:00:00," + (row % 50) + "\r\n").getBytes(UTF_8);
          row++;
          pos = 0;
        }
        return current[pos++] & 0xFF;
      }
    };
    long[] sum = {0};
    SnapshotCsvParser.Summary s = parser.parse(FILE, generated, new SnapshotCsvParser.Sink() {
      @Override
      public void row(long line, int item, int employee, int store, long micros, int quantity) {
        sum[0] += quantity;
      }

      @Override
      public void rejected(SnapshotRejection r) {
        throw new AssertionError(r.toString());
      }
    });
    assertEquals(new SnapshotCsvParser.Summary(FILE, n, 0, 0, true), s);
    assertEquals(2000L * (49 * 50 / 2), sum[0]);
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(UTF_8));
  }

  @Test
  void strictIntParser() {
    assertEquals(-2147483648L, SnapshotCsvParser.parseInt("-2147483648"));
    assertEquals(2147483647L, SnapshotCsvParser.parseInt("+2147483647"));
    assertEquals(7L, SnapshotCsvParser.parseInt("007"));
    assertEquals(Long.MIN_VALUE, SnapshotCsvParser.parseInt(""));
    assertEquals(Long.MIN_VALUE, SnapshotCsvParser.parseInt("+"));
    assertEquals(Long.MIN_VALUE, SnapshotCsvParser.parseInt("1 2"));
  }
}
