package dev.poslake.activities.etl.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DedupKeyTest {
  @Test
  void bopisCopiesAreDistinctButRedeliveriesAreEqual() {
    DedupKey online = DedupKey.of(Fixtures.UUID, 0, 0);
    DedupKey physical = DedupKey.of(Fixtures.UUID, 1, 0);
    assertNotEquals(online, physical);
    assertNotEquals(online.hash64(), physical.hash64());
    assertEquals(physical, DedupKey.of("{" + Fixtures.UUID.toUpperCase() + "}", 1, 0));
    assertEquals(physical.hash64(), DedupKey.of(Fixtures.UUID.toUpperCase(), 1, 0).hash64());
  }

  @Test
  void partsAreDistinct() {
    assertNotEquals(DedupKey.of(Fixtures.UUID, 1, 0), DedupKey.of(Fixtures.UUID, 1, 1));
    assertNotEquals(DedupKey.of(Fixtures.UUID, 1, 0).hash64(), DedupKey.of(Fixtures.UUID, 1, 1).hash64());
  }

  @Test
  void hashIsStableAcrossVersions() {
    // pinned: the hash may be persisted in a prune/bloom index, so it must never change
    assertEquals(DedupKey.of(Fixtures.UUID, 1, 0).hash64(), DedupKey.of(Fixtures.UUID, 1, 0).hash64());
    long pinned = DedupKey.of("00000000-0000-0000-0000-000000000000", 0, 0).hash64();
    assertEquals(expectedHash(0, 0, 0, 0), pinned);
  }

  private static long expectedHash(long msb, long lsb, int store, int part) {
    long h = DedupKey.fmix64(msb + 0x9E3779B97F4A7C15L);
    h = DedupKey.fmix64(h ^ lsb);
    return DedupKey.fmix64(h ^ (((long) store << 32) | (part & 0xFFFFFFFFL)));
  }

  @Test
  void fmix64KnownValues() {
    // MurmurHash3 fmix64 reference values
    assertEquals(0L, DedupKey.fmix64(0L));
    assertEquals(0xB456BCFC34C2CB2CL, DedupKey.fmix64(1L));
  }

  @Test
  void posTransIdsAreKeyedByTheirExactText() {
    DedupKey k = DedupKey.of("T-0001-20260301-000123", 1, 0);
    assertEquals("T-0001-20260301-000123", k.text());
    assertEquals("T-0001-20260301-000123", k.transIdString());
    assertEquals(k, DedupKey.of("T-0001-20260301-000123", 1, 0));
    assertEquals(k.hash64(), DedupKey.of("T-0001-20260301-000123", 1, 0).hash64());
    assertNotEquals(k, DedupKey.of("T-0001-20260301-000124", 1, 0));
    assertNotEquals(k, DedupKey.of("t-0001-20260301-000123", 1, 0));
    assertNotEquals(k, DedupKey.of("T-0001-20260301-000123", 2, 0));
    // a UUID's key has no text, whatever form it came in
    assertNull(DedupKey.of("{" + Fixtures.UUID.toUpperCase() + "}", 1, 0).text());
  }

  @Test
  void equalHashesWithDifferentTextsAreDifferentKeys() {
    // forged: two ids (or an id and a UUID) whose 128-bit hashes collide are still two keys, ordered by text
    DedupKey uuid = new DedupKey(5, 6, null, 1, 0);
    DedupKey a = new DedupKey(5, 6, "a", 1, 0);
    DedupKey b = new DedupKey(5, 6, "b", 1, 0);
    assertNotEquals(uuid, a);
    assertNotEquals(a, b);
    assertTrue(uuid.compareTo(a) < 0);
    assertTrue(a.compareTo(b) < 0);
    assertThrows(IllegalArgumentException.class, () -> new DedupKey(5, 6, Fixtures.UUID, 1, 0));
  }

  @Test
  void textHashIsStable() {
    // pinned: key files written by one worker are merged by another, and silver's rows are keyed again later
    byte[] utf8 = "T-0001-20260301-000123".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    DedupKey k = DedupKey.of("T-0001-20260301-000123", 1, 0);
    assertEquals(DedupKey.textHigh(utf8), k.msb());
    assertEquals(DedupKey.textLow(utf8), k.lsb());
    assertNotEquals(k.msb(), k.lsb());
    assertEquals(DedupKey.fmix64(0xCBF29CE484222325L), DedupKey.textHigh(new byte[0]));
  }

  @Test
  void hashSpreadsOverManyKeys() {
    Set<Long> hashes = new HashSet<>();
    Set<Long> low16 = new HashSet<>();
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < 100_000; i++) {
      DedupKey k = new DedupKey(new UUID(rnd.nextLong(), rnd.nextLong()), rnd.nextInt(3), 0);
      hashes.add(k.hash64());
      low16.add(k.hash64() & 0xFFFF);
    }
    assertEquals(100_000, hashes.size());
    // 100k random keys into 65,536 buckets occupy 65536 * (1 - e^(-100000/65536)) ~ 51,290 of them
    assertTrue(Math.abs(low16.size() - 51_290) < 700, "low 16 bits look uniform: " + low16.size());
  }

  @Test
  void orderFollowsCanonicalStrings() {
    List<DedupKey> keys = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < 500; i++) {
      DedupKey k = new DedupKey(new UUID(rnd.nextLong(), rnd.nextLong()), 1, 0);
      keys.add(k);
    }
    Collections.sort(keys);
    for (DedupKey k : keys) {
      strings.add(k.transIdString());
    }
    List<String> sorted = new ArrayList<>(strings);
    Collections.sort(sorted);
    assertEquals(sorted, strings);
    assertTrue(DedupKey.of(Fixtures.UUID, 1, 0).compareTo(DedupKey.of(Fixtures.UUID, 1, 1)) < 0);
    assertTrue(DedupKey.of(Fixtures.UUID, 0, 5).compareTo(DedupKey.of(Fixtures.UUID, 1, 0)) < 0);
  }

  @Test
  void invalidInputs() {
    assertThrows(IllegalArgumentException.class, () -> DedupKey.of(" ", 1, 0));
    assertThrows(IllegalArgumentException.class, () -> DedupKey.of("x".repeat(TransIds.MAX_LENGTH + 1), 1, 0));
    assertEquals(null, DedupKey.ofOrNull("", 1, 0));
    assertThrows(IllegalArgumentException.class, () -> DedupKey.of(Fixtures.UUID, 1, -1));
    assertEquals(Fixtures.UUID + "/1/2", DedupKey.of(Fixtures.UUID, 1, 2).toString());
  }
}
