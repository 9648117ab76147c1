package dev.poslake.activities.etl.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The parser's fast path must give exactly the general parser's answer: canonical messages (with edge values) and
 * random byte-level mutations of them (deletions, insertions, replacements with JSON-significant bytes) are parsed
 * both ways and compared.
 */
class CanonicalMessageScanTest {
  private static final String[] INTS = {"0", "1", "-1", "7", "100001", "200000", "2147483647", "-2147483648",
      "2147483648", "-2147483649", "01", "-0", "1.0", "1e2", "99999999999", "3", "4", "-1"};
  private static final byte[] NOISE = "{}[],:\"\\-0123456789.eE tfnul{\u00e9".getBytes(UTF_8);

  private final PosMessageParser parser = new PosMessageParser(Fixtures.VALIDATION);

  private String message(Random rnd) {
    StringBuilder sb = new StringBuilder("{\"date_time\":\"")
        .append(rnd.nextInt(20) == 0 ? "2026-02-30T10:00:00Z" : "2026-11-25T10:15:0" + rnd.nextInt(10) + ".123Z")
        .append("\",\"trans_id\":\"")
        .append(transId(rnd))
        .append("\",\"store_id\":").append(pick(rnd, "0", "1", "3", "9", "-1"))
        .append(",\"change_type_id\":").append(pick(rnd, "1", "2", "3", "4", "-1", "7"));
    if (rnd.nextBoolean()) {
      sb.append(",\"part\":").append(pick(rnd, "0", "1", "2", "-1")).append(",\"parts\":")
          .append(pick(rnd, "1", "2", "3", "0"));
    }
    sb.append(",\"items\":[");
    int n = rnd.nextInt(4); // 0: an empty array
    for (int j = 0; j < n; j++) {
      sb.append(j > 0 ? "," : "").append("{\"item_id\":")
          .append(rnd.nextInt(4) == 0 ? INTS[rnd.nextInt(INTS.length)] : String.valueOf(100001 + rnd.nextInt(100_010)))
          .append(",\"quantity\":").append(INTS[rnd.nextInt(INTS.length)]).append('}');
    }
    return sb.append("]}").toString();
  }

  /** Mostly UUIDs; also braced ones, POS ids, ids at and over the maximum length, blank ones. */
  private static String transId(Random rnd) {
    return switch (rnd.nextInt(20)) {
      case 0 -> "{" + UUID.randomUUID().toString().toUpperCase() + "}";
      case 1, 2 -> "T-0001-20260301-" + rnd.nextInt(1_000_000);
      case 3 -> "x".repeat(TransIds.MAX_LENGTH - 1 + rnd.nextInt(3));
      case 4 -> pick(rnd, "", " ", "a\u007fb");
      default -> UUID.randomUUID().toString();
    };
  }

  private static String pick(Random rnd, String... values) {
    return values[rnd.nextInt(values.length)];
  }

  private static byte[] mutate(Random rnd, byte[] m) {
    int at = rnd.nextInt(m.length);
    byte noise = NOISE[rnd.nextInt(NOISE.length)];
    return switch (rnd.nextInt(3)) {
      case 0 -> concat(m, at, at + 1, new byte[0]); // delete
      case 1 -> concat(m, at, at, new byte[] {noise}); // insert
      default -> concat(m, at, at + 1, new byte[] {noise}); // replace
    };
  }

  private static byte[] concat(byte[] m, int cutFrom, int cutTo, byte[] insert) {
    byte[] out = new byte[m.length - (cutTo - cutFrom) + insert.length];
    System.arraycopy(m, 0, out, 0, cutFrom);
    System.arraycopy(insert, 0, out, cutFrom, insert.length);
    System.arraycopy(m, cutTo, out, cutFrom + insert.length, m.length - cutTo);
    return out;
  }

  private void assertSameAnswer(byte[] m) {
    byte[] framed = new byte[m.length + 4]; // an offset into a larger buffer, as bronze reads it
    System.arraycopy(m, 0, framed, 2, m.length);
    ParseResult general = parser.parseGeneral(m, 0, m.length);
    assertEquals(general, parser.parse(framed, 2, m.length), () -> new String(m, UTF_8));
  }

  @Test
  void canonicalMessagesAndTheirMutationsGetTheGeneralParsersAnswer() {
    Random rnd = new Random(20261201);
    int fast = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] m = message(rnd).getBytes(UTF_8);
      assertSameAnswer(m);
      PosMessageParser.Fields f = new PosMessageParser.Fields();
      if (CanonicalMessageScan.scan(m, 0, m.length, f)) fast++;
      byte[] x = m;
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) x = mutate(rnd, x);
      assertSameAnswer(x);
    }
    assertTrue(fast > 3_000, "canonical messages take the fast path: " + fast);
  }

  @Test
  void theGeneratorsFormIsTheFastPath() {
    byte[] m = ("{\"date_time\":\"2026-11-25T10:15:00.000Z\",\"trans_id\":\"" + Fixtures.UUID
        + "\",\"store_id\":1,\"change_type_id\":3,\"part\":0,\"parts\":2,\"items\":[{\"item_id\":100001,"
        + "\"quantity\":-2},{\"item_id\":100002,\"quantity\":5}]}").getBytes(UTF_8);
    assertTrue(CanonicalMessageScan.scan(m, 0, m.length, new PosMessageParser.Fields()));
    assertSameAnswer(m);
  }

  @Test
  void aPosTransIdInTheGeneratorsFormIsTheFastPath() {
    byte[] m = ("{\"date_time\":\"2026-11-25T10:15:00.000Z\",\"trans_id\":\"T-0001-20260301-000123\""
        + ",\"store_id\":1,\"change_type_id\":3,\"items\":[{\"item_id\":100001,\"quantity\":-2}]}").getBytes(UTF_8);
    PosMessageParser.Fields f = new PosMessageParser.Fields();
    assertTrue(CanonicalMessageScan.scan(m, 0, m.length, f));
    assertEquals("T-0001-20260301-000123", f.transId);
    assertSameAnswer(m);
  }
}
