package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.domain.DedupKey;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.junit.jupiter.api.Test;

/**
 * Groups' key files merged into distinct keys: texts take part in key equality, version 1 files still read, and
 * the touched minutes come from the files' trailers (every minute of its days for a file without one).
 */
class KeyMergeTest {
  private final InMemoryFileIO io = new InMemoryFileIO();

  private String keyFile(String name, DedupKey[] keys, long[] positions) {
    return keyFile(name, keys, positions, new DayStores());
  }

  private String keyFile(String name, DedupKey[] keys, long[] positions, DayStores touched) {
    KeyPositions table = new KeyPositions();
    for (int i = 0; i < keys.length; i++) table.putMin(keys[i], positions[i]);
    String path = "mem://keys/" + name;
    KeyFile.write(io, path, table.sortedEntries(), table.size(), touched);
    return path;
  }

  /** "text-or-uuid/store@pos1,pos2" per distinct key, in merge order. */
  private List<String> merged(List<String> files) {
    List<String> out = new ArrayList<>();
    try (KeyMerge m = KeyMerge.open(io, files)) {
      while (m.next()) {
        StringBuilder s = new StringBuilder(m.text == null ? m.msb + ":" + m.lsb : m.text)
            .append('/').append(KeyEntries.storeOf(m.storePart)).append('@');
        for (int i = 0; i < m.occurrences; i++) s.append(i > 0 ? "," : "").append(m.positions[i]);
        out.add(s.toString());
      }
    }
    return out;
  }

  @Test
  void keysWithCollidingHashesStayApartAndEqualKeysMeetAcrossFiles() {
    // forged: the same (msb, lsb) for a UUID key and two texts, as a 128-bit hash collision would give
    DedupKey uuid = new DedupKey(7, 9, null, 1, 0);
    DedupKey a = new DedupKey(7, 9, "T-a", 1, 0);
    DedupKey b = new DedupKey(7, 9, "T-b", 1, 0);
    DedupKey pos = DedupKey.of("T-0001-20260301-000123", 1, 0);
    String g0 = keyFile("g0", new DedupKey[] {b, uuid, pos}, new long[] {10, 11, 12});
    String g1 = keyFile("g1", new DedupKey[] {a, b, pos}, new long[] {20, 5, 21});
    String g2 = keyFile("g2", new DedupKey[] {uuid}, new long[] {30});
    List<String> out = merged(List.of(g0, g1, g2));
    assertEquals(4, out.size(), out.toString());
    // the colliding keys in text order (null first); the hashed id wherever its hash sorts
    out.remove("T-0001-20260301-000123/1@12,21");
    assertEquals(List.of("7:9/1@11,30", "T-a/1@20", "T-b/1@5,10"), out, "the lowest position first");
  }

  @Test
  void theGroupsMinutesAreJoinedAndAFileWithoutThemTouchedItsWholeDays() throws IOException {
    long day = 20_417; // 2025-11-25
    long t = day * DayStores.MICROS_PER_DAY;
    long minute = DayStores.MICROS_PER_MINUTE;
    DayStores g0 = new DayStores();
    g0.add(t + 600 * minute + 5, 1); // 10:00
    g0.add(t + 601 * minute, 2); // 10:01
    DayStores g1 = new DayStores();
    g1.add(t + 900 * minute + 59_999_999, 1); // 15:00:59.999999
    DedupKey k = new DedupKey(7, 9, null, 1, 0);
    String a = keyFile("a", new DedupKey[] {k}, new long[] {1}, g0);
    String b = keyFile("b", new DedupKey[] {k}, new long[] {2}, g1);
    try (KeyMerge m = KeyMerge.open(io, List.of(a, b))) {
      DayStores all = m.touched();
      assertEquals(List.of("600-602", "900-901"), minutes(all.ranges(day, 16), t));
      assertEquals(List.of("600-901"), minutes(all.ranges(day, 1), t), "joined into one when capped");
      assertEquals(Set.of(1, 2), all.byDay().get(day));
      assertTrue(m.next(), "the entries still read before the trailer");
      assertEquals(2, m.occurrences);
    }

    // a version 2 file as an older release wrote it: no minutes after the entries
    String old = "mem://keys/v2";
    try (DataOutputStream out = new DataOutputStream(io.newOutputFile(old).create())) {
      out.writeInt(0x534B4559);
      out.writeInt(2);
      out.writeInt(1);
      out.writeLong(((day + 1) << 32) | 3); // (the next day, store 3)
      out.writeLong(1);
      for (long v : new long[] {7, 9, KeyEntries.storePart(3, 0), 40}) out.writeLong(v);
      out.writeUTF("");
    }
    try (KeyMerge m = KeyMerge.open(io, List.of(a, old))) {
      DayStores all = m.touched();
      assertEquals(List.of("0-1440"), minutes(all.ranges(day + 1, 16), t + DayStores.MICROS_PER_DAY),
          "every minute of the older file's day");
      assertEquals(List.of("600-602"), minutes(all.ranges(day, 16), t));
    }
  }

  @Test
  void anOlderFileWhoseEndLooksLikeATrailerForOtherDaysCountsItsWholeDays() throws IOException {
    long day = 0x4F41; // 2025-07-20: it and the day before have no byte above 0x7F, so the text below reads back
    String old = "mem://keys/v2-odd-end";
    try (DataOutputStream out = new DataOutputStream(io.newOutputFile(old).create())) {
      out.writeInt(0x534B4559);
      out.writeInt(2);
      out.writeInt(1);
      out.writeLong((day << 32) | 3); // the header's only day
      out.writeLong(1);
      for (long v : new long[] {7, 9, KeyEntries.storePart(3, 0), 40}) out.writeLong(v);
      // the entry's text (modified UTF-8 reads bytes up to 0x7F as they are) ends like a trailer: "minutes" of
      // another day, then 1 and the magic
      java.io.ByteArrayOutputStream tail = new java.io.ByteArrayOutputStream();
      try (DataOutputStream t = new DataOutputStream(tail)) {
        t.writeLong(day - 1);
        for (int i = 0; i < DayStores.MINUTE_WORDS; i++) t.writeLong(i == 0 ? 1L << 5 : 0);
        t.writeInt(1);
        t.writeLong(KeyFile.TRAILER_MAGIC);
      }
      out.writeShort(tail.size());
      out.write(tail.toByteArray());
    }
    try (KeyFile.Reader r = KeyFile.open(io, old)) {
      assertNull(r.minutes(), "an end that names other days than the header is not a trailer");
    }
    try (KeyMerge m = KeyMerge.open(io, List.of(old))) {
      DayStores all = m.touched();
      assertTrue(m.next(), "the entry reads");
      long t = day * DayStores.MICROS_PER_DAY;
      assertEquals(List.of("0-1440"), minutes(all.ranges(day, 16), t), "not read as minutes of another day");
    }
  }

  /** Ranges as "first minute-end minute" of the day starting at {@code dayStart}. */
  private static List<String> minutes(List<long[]> ranges, long dayStart) {
    List<String> out = new ArrayList<>();
    for (long[] r : ranges) {
      out.add((r[0] - dayStart) / DayStores.MICROS_PER_MINUTE + "-" + (r[1] - dayStart) / DayStores.MICROS_PER_MINUTE);
    }
    return out;
  }

  @Test
  void versionOneFilesHaveNoTexts() throws IOException {
    String path = "mem://keys/v1";
    try (DataOutputStream out = new DataOutputStream(io.newOutputFile(path).create())) {
      out.writeInt(0x534B4559);
      out.writeInt(1);
      out.writeInt(0); // no (day, store) pairs
      out.writeLong(1);
      for (long v : new long[] {7, 9, KeyEntries.storePart(1, 0), 40}) out.writeLong(v);
    }
    String g = keyFile("g", new DedupKey[] {new DedupKey(7, 9, null, 1, 0)}, new long[] {3});
    assertEquals(List.of("7:9/1@3,40"), merged(List.of(path, g)));
  }
}
