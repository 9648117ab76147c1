package dev.poslake.activities.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared contracts: timestamps, the recount key, the CSV tokenizer. */
class ContractsTest {
  @Test
  void timestamps() {
    Instant t = Instant.parse("2026-11-25T10:15:00Z");
    assertEquals(t, Timestamps.parseInstant("2026-11-25T10:15:00.000Z"));
    assertEquals(t, Timestamps.parseInstant("2026-11-25t10:15:00z"));
    assertEquals(t, Timestamps.parseInstant("2026-11-25T11:15:00+0100"));
    assertEquals(t, Timestamps.parseInstant("2026-11-25T11:15:00+01"));
    assertEquals(t, Timestamps.parseInstant("2026-11-25T10:15:00,0Z"));
    assertEquals(t, Timestamps.parseInstant("2026-11-25T10:15:00-00:00"));
    assertEquals(Instant.parse("2024-02-29T23:59:59.999999Z"), Timestamps.parseInstant("2024-02-29T23:59:59.9999999Z"));
    assertEquals(Instant.parse("2026-11-26T04:15:00Z"), Timestamps.parseInstant("2026-11-25T10:15:00-18:00"));
    assertNull(Timestamps.parseInstant("2026-11-25 10:15:00Z"), "space only in CSV form");
    assertNull(Timestamps.parseInstant("2026-11-25T10:15:00"), "zone required");
    assertNull(Timestamps.parseInstant("2025-02-29T10:15:00Z"));
    assertNull(Timestamps.parseInstant(null));
    assertNull(Timestamps.parseInstant("+2026-11-25T10:15:00Z"));

    assertEquals(t, Timestamps.parseUtcDateTime("2026-11-25 10:15:00"));
    assertEquals(t, Timestamps.parseUtcDateTime("2026-11-25T10:15:00"));
    assertEquals(t, Timestamps.parseUtcDateTime("2026-11-25 12:15:00+02:00"));
    assertNull(Timestamps.parseUtcDateTime("2026-11-25  10:15:00"));
  }

  @Test
  void timestampsAgreeWithJavaTimeOnManyValues() {
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochSecond(rnd.nextInt(Integer.MAX_VALUE) * 2L - 1_000_000_000L,
          rnd.nextInt(1_000_000) * 1000);
      assertEquals(t, Timestamps.parseInstant(t.toString()), t::toString);
    }
  }


  @Test
  void snapshotFileNames() {
    Instant t = Instant.parse("2026-11-20T06:30:05Z");
    String key = RecountFileKey.of(12, t);
    assertEquals("inventory_snapshots/inventory_snapshot_12_2026-11-20_06-30-05.csv", key);
    assertEquals(Optional.of(new RecountFileKey(key, 12, t)), RecountFileKey.parse(key));
    assertEquals(12, RecountFileKey.parse("inventory_snapshot_12_2026-11-20_06-30-05.csv").get().storeId());
    assertEquals(Optional.empty(), RecountFileKey.parse("inventory_snapshot_12_2026-11-31_06-30-05.csv"));
    assertEquals(Optional.empty(), RecountFileKey.parse("inventory_snapshot_x_2026-11-20_06-30-05.csv"));
    assertEquals(Optional.empty(), RecountFileKey.parse("inventory_snapshot_1_2026-11-20_06-30-05.csv.tmp"));
    assertEquals(Optional.empty(), RecountFileKey.parse("inventory_snapshot_99999999999_2026-11-20_06-30-05.csv"));
    assertThrows(NullPointerException.class, () -> RecountFileKey.parse(null));
  }

  @Test
  void timestampMicrosAreTruncatedAndRoundTrip() {
    byte[] b = "2026-11-25 10:15:00.1234567".getBytes(UTF_8);
    long micros = Timestamps.parseUtcDateTimeMicros(b, 0, b.length);
    assertEquals(Instant.parse("2026-11-25T10:15:00.123456Z"), Timestamps.instantOfMicros(micros));
    assertEquals(micros, Timestamps.micros(Timestamps.instantOfMicros(micros)));
    assertEquals(Timestamps.INVALID, Timestamps.parseUtcDateTimeMicros(b, 0, 10));
    Instant before1970 = Instant.parse("1969-12-31T23:59:59.5Z");
    assertEquals(before1970, Timestamps.instantOfMicros(Timestamps.micros(before1970)));
    assertEquals("2026-11-25 10:15:07", Timestamps.formatCsv(Instant.parse("2026-11-25T10:15:07.9Z")));
    assertEquals("2026-11-25T10:15:07.900Z", Timestamps.formatMessage(Instant.parse("2026-11-25T10:15:07.9Z")));
  }

  @Test
  void epochDaysAgreeWithJavaTime() {
    for (long d = -800_000; d < 800_000; d += 37) {
      java.time.LocalDate date = java.time.LocalDate.ofEpochDay(d);
      if (date.getYear() < 0 || date.getYear() > 9999) continue;
      assertEquals(d, Timestamps.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()), date::toString);
    }
  }

  @Test
  void csvFieldsTrimUnquoteAndKeepQuotedCommas() {
    CsvFields f = new CsvFields(5);
    assertEquals(5, split(f, " 100001 , \"7\" ,1, \" 2026-11-20 00:00:00 \" ,5"));
    assertEquals(List.of("100001", "7", "1", "2026-11-20 00:00:00", "5"), texts(f));
    assertEquals(100001L, f.parseInt(0));
    assertEquals(3, split(f, "\"a,b\",\"say \"\"hi\"\"\",c"));
    assertEquals(List.of("a,b", "say \"hi\"", "c"), texts(f));
    assertEquals(1, split(f, ""));
    assertEquals("", f.text(0));
    assertEquals(7, split(f, "1,2,3,4,5,6,7"), "more fields than kept are counted");
    assertEquals(2, split(f, "x\"y,z"), "a quote inside a field is text");
    assertEquals("x\"y", f.text(0));
    assertFalse(f.unclosedQuote());
    assertEquals(2, split(f, "1,\"open, never closed"));
    assertTrue(f.unclosedQuote(), "a quote that runs to the end of the line");
    split(f, "1,\"closed\"");
    assertFalse(f.unclosedQuote(), "reset by the next line");
    assertEquals(Long.MIN_VALUE, CsvFields.parseInt("2147483648".getBytes(UTF_8), 0, 10));
    assertEquals(-2147483648L, CsvFields.parseInt("-2147483648".getBytes(UTF_8), 0, 11));
    assertEquals(Long.MIN_VALUE, CsvFields.parseInt("+".getBytes(UTF_8), 0, 1));
  }

  @Test
  void lineReaderEndsAndBounds() throws IOException {
    String content = "a\r\nbb\rccc\n\r\n" + "x".repeat(100) + "\nlast";
    List<String> lines = new ArrayList<>();
    List<Boolean> tooLong = new ArrayList<>();
    try (CsvLineReader r = new CsvLineReader(new ByteArrayInputStream(content.getBytes(UTF_8)), 10)) {
      while (r.next()) {
        lines.add(r.text(1000));
        tooLong.add(r.tooLong());
      }
    }
    assertEquals(List.of("a", "bb", "ccc", "", "x".repeat(10), "last"), lines);
    assertEquals(List.of(false, false, false, false, true, false), tooLong);
  }

  @Test
  void lineReaderAcrossReadsOfOneByte() throws IOException {
    byte[] b = "item_id\r\n12345\r\n\r\n".getBytes(UTF_8);
    InputStream slow = new InputStream() {
      int i;

      @Override
      public int read() {
        return i < b.length ? b[i++] : -1;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (i >= b.length) return -1;
        buf[off] = b[i++];
        return 1;
      }
    };
    List<String> lines = new ArrayList<>();
    try (CsvLineReader r = new CsvLineReader(slow, 64)) {
      while (r.next()) lines.add(r.text(64) + "/" + r.length());
    }
    assertEquals(List.of("item_id/7", "12345/5", "/0"), lines);
  }

  private static int split(CsvFields f, String line) {
    byte[] b = line.getBytes(UTF_8);
    return f.split(b, 0, b.length);
  }

  private static List<String> texts(CsvFields f) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.count(); i++) out.add(f.text(i));
    return out;
  }
}
