package dev.poslake.activities.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GeneratorStateTest {
  @Test
  void roundTripKeepsEveryField() {
    GeneratorState s = new Simulation(TestData.reference(), 7, 100)
        .initialState(new int[] {0, 1, 2}, Instant.parse("2026-11-25T10:15:00Z"), 1234L);
    s.setRunSequence(9);
    s.setLastRun("wf/run", "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
    s.stockRow(2)[49] = 777;
    GeneratorState back = GeneratorState.fromBytes(s.toBytes());
    assertEquals(s.clock(), back.clock());
    assertEquals(s.nextRecount(), back.nextRecount());
    assertEquals(1234L, back.lastWallTimeMillis());
    assertEquals(9, back.runSequence());
    assertEquals("wf/run", back.lastRequestId());
    assertArrayEquals(s.lastSummary(), back.lastSummary());
    assertArrayEquals(s.storeIds(), back.storeIds());
    assertArrayEquals(s.itemIds(), back.itemIds());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(s.stockRow(i), back.stockRow(i));
    }
    assertEquals(OptionalInt.of(777), back.trueStock(2, 100050));
    assertEquals(OptionalInt.empty(), back.trueStock(3, 100050));
    assertEquals(OptionalInt.empty(), back.trueStock(2, 99));
  }

  @Test
  void largeStateIsCompactAndFast() {
    int[] items = new int[100_000];
    for (int i = 0; i < items.length; i++) items[i] = 100001 + i;
    int[] stores = new int[20];
    for (int i = 0; i < stores.length; i++) stores[i] = i;
    GeneratorState s = new GeneratorState(0, 0, 0, stores, items);
    DetRandom rng = DetRandom.of(1);
    for (int i = 0; i < stores.length; i++) {
      int[] row = s.stockRow(i);
      for (int p = 0; p < row.length; p++) row[p] = rng.nextInt(200);
    }
    byte[] bytes = s.toBytes();
    assertTrue(bytes.length < 20 * 100_000 * 4, "compressed: " + bytes.length);
    GeneratorState back = GeneratorState.fromBytes(bytes);
    assertArrayEquals(s.stockRow(19), back.stockRow(19));
  }

  @Test
  void theClockIsReadFromTheFirst64KbOfALargeState() {
    int[] items = new int[100_000];
    for (int i = 0; i < items.length; i++) items[i] = 100001 + i;
    GeneratorState s = new GeneratorState(1_764_000_000_000L, 0, 0, new int[] {0, 1, 2, 3}, items);
    DetRandom rng = DetRandom.of(2);
    for (int i = 0; i < 4; i++) {
      int[] row = s.stockRow(i);
      for (int p = 0; p < row.length; p++) row[p] = rng.nextInt(200);
    }
    byte[] bytes = s.toBytes();
    assertTrue(bytes.length > 65_536, "the state must be larger than the range read: " + bytes.length);
    // what GeneratorClock gets from its range request: the head of the object only
    assertEquals(1_764_000_000_000L,
        GeneratorState.readClockMillis(new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(bytes, 65_536))));
  }
}
