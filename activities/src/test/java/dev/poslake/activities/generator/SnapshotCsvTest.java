package dev.poslake.activities.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.contracts.RecountFileKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotCsvTest {
  @Test
  void keyHeaderAndOneRowPerItem() throws Exception {
    Instant t = Instant.parse("2026-11-25T10:15:07Z");
    assertEquals("inventory_snapshots/inventory_snapshot_12_2026-11-25_10-15-07.csv", RecountFileKey.of(12, t));
    RecountEvent r = RecountEvent.of(12, t, 4321, new int[] {100001, 100002, 100003}, new int[] {5, 0, 17});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotCsv.write(r, out);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length);
    assertEquals("item_id,employee_id,store_id,date_time,quantity", lines[0]);
    assertEquals("100001,4321,12,2026-11-25 10:15:07,5", lines[1]);
    assertEquals("100003,4321,12,2026-11-25 10:15:07,17", lines[3]);
  }
}
