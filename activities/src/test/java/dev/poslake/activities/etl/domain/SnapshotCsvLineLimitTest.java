package dev.poslake.activities.etl.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recount file with a line far too long is rejected line-wise, and the line is never held in memory. */
class SnapshotCsvLineLimitTest {
  private static final String FILE = "inventory_snapshots/inventory_snapshot_1_2026-11-20_00-00-00.csv";
  private static final String HEADER = "item_id,employee_id,store_id,date_time,quantity\r\n";
  private static final String GOOD = "100001,7,1,2026-11-20 00:00:00,5\r\n";
  private static final long TEN_MB = 10L * 1024 * 1024;

  private final SnapshotCsvParser parser = new SnapshotCsvParser(Fixtures.VALIDATION, 4096);

  /** The file's bytes, the long line generated as it is read (the test must not hold it either). */
  static InputStream file(long longLine) {
    InputStream head = new ByteArrayInputStream((HEADER + GOOD).getBytes(StandardCharsets.UTF_8));
    InputStream x = new InputStream() {
      long left = longLine;

      @Override
      public int read() {
        return left-- > 0 ? 'x' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) return -1;
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        left -= n;
        return n;
      }
    };
    InputStream tail = new ByteArrayInputStream(("\r\n" + GOOD.replace("100001", "100002")).getBytes(
        StandardCharsets.UTF_8));
    return new SequenceInputStream(Collections.enumeration(List.of(head, x, tail)));
  }

  @Test
  void aTenMegabyteLineIsRejectedAndTheRestOfTheFileRead() {
    List<SnapshotLine> lines = SnapshotCsvParserTest.parse(parser, file(TEN_MB));
    assertEquals(3, lines.size(), lines::toString);
    assertEquals(100001, assertInstanceOf(SnapshotRow.class, lines.get(0)).itemId());
    SnapshotRejection r = assertInstanceOf(SnapshotRejection.class, lines.get(1));
    assertEquals(RejectReason.LINE_TOO_LONG.code(), r.code());
    assertEquals(3, r.lineNumber());
    assertTrue(r.detail().contains(Long.toString(TEN_MB)), r.detail());
    assertTrue(r.rawLine().length() <= 1000, "only a prefix is kept");
    assertEquals(100002, assertInstanceOf(SnapshotRow.class, lines.get(2)).itemId());
  }

  @Test
  void readingItAllocatesFarLessThanTheLine() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    SnapshotCsvParserTest.parse(parser, file(1024)); // warm up
    long before = threads.getCurrentThreadAllocatedBytes();
    List<SnapshotLine> lines = SnapshotCsvParserTest.parse(parser, file(TEN_MB));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(3, lines.size());
    // buffering the line would take 10 MB and more while growing
    assertTrue(allocated < 4L * 1024 * 1024, "allocated " + allocated + " bytes for a 10 MB line");
  }

  @Test
  void lineEndingsAndTheLimitsEdge() {
    SnapshotCsvParser tight = new SnapshotCsvParser(Fixtures.VALIDATION, 64);
    String content = HEADER.replace("\r\n", "\n") + GOOD.replace("\r\n", "\r") + "y".repeat(64) + "\n"
        + "z".repeat(65) + "\r\n" + GOOD.replace("100001", "100003");
    List<SnapshotLine> lines = SnapshotCsvParserTest.parse(tight, content);
    assertEquals(4, lines.size(), lines::toString);
    assertInstanceOf(SnapshotRow.class, lines.get(0)); // CR alone ends a line
    assertEquals(RejectReason.WRONG_COLUMN_COUNT.code(), ((SnapshotRejection) lines.get(1)).code(),
        "64 bytes: read as a line");
    assertEquals(RejectReason.LINE_TOO_LONG.code(), ((SnapshotRejection) lines.get(2)).code(), "65: too long");
    assertEquals(100003, ((SnapshotRow) lines.get(3)).itemId());
  }

  @Test
  void aHeaderLongerThanTheLimitRefusesTheFile() {
    List<SnapshotLine> lines = SnapshotCsvParserTest.parse(parser, "item_id" + " ".repeat(5000) + ",x\r\n" + GOOD);
    assertEquals(1, lines.size());
    assertEquals(RejectReason.BAD_HEADER.code(), ((SnapshotRejection) lines.get(0)).code());
  }
}
