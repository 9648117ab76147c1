package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.etl.domain.DedupKey;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.junit.jupiter.api.Test;

/** Groups' key files merged into distinct keys: texts take part in key equality, and version 1 files still read. */
class KeyMergeTest {
  private final InMemoryFileIO io = new InMemoryFileIO();

  private String keyFile(String name, DedupKey[] keys, long[] positions) {
    KeyPositions table = new KeyPositions();
    for (int i = 0; i < keys.length; i++) table.putMin(keys[i], positions[i]);
    String path = "mem://keys/" + name;
    KeyFile.write(io, path, table.sortedEntries(), table.size(), new long[0]);
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
