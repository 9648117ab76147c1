package dev.poslake.activities.etl.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Throughput sanity check: parses many realistic messages and prints the rate. No timing assertion. */
class PosMessageParserThroughputTest {
  @Test
  void parsesManyMessages() {
    Random rnd = new Random(11);
    int distinct = 10_000;
    byte[][] messages = new byte[distinct][];
    int expectedLines = 0;
    for (int i = 0; i < distinct; i++) {
      StringBuilder sb = new StringBuilder("{\"date_time\":\"2026-11-25T10:15:")
          .append(String.format("%02d", i % 60)).append(".").append(String.format("%03d", i % 1000))
          .append("Z\",\"trans_id\":\"").append(new UUID(rnd.nextLong(), rnd.nextLong()))
          .append("\",\"store_id\":").append(rnd.nextInt(4))
          .append(",\"change_type_id\":").append(1 + rnd.nextInt(4)).append(",\"items\":[");
      int n = 1 + rnd.nextInt(5);
      expectedLines += n;
      for (int j = 0; j < n; j++) {
        sb.append(j > 0 ? "," : "").append("{\"item_id\":").append(100001 + rnd.nextInt(100_000))
            .append(",\"quantity\":").append(-1 - rnd.nextInt(3)).append('}');
      }
      messages[i] = sb.append("]}").toString().getBytes(UTF_8);
    }
    PosMessageParser parser = new PosMessageParser(Fixtures.VALIDATION);
    int rounds = 30;
    long lines = 0;
    long start = System.nanoTime();
    long lastRoundNanos = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (byte[] m : messages) {
        lines += ((ParsedTransaction) parser.parse(m)).lines().size();
      }
      lastRoundNanos = System.nanoTime() - t0;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("PosMessageParser: %d messages (%d lines) in %d ms; warm: %.2f us/message%n",
        rounds * distinct, lines, ms, lastRoundNanos / 1000.0 / distinct);
    assertEquals((long) rounds * expectedLines, lines);
  }
}
