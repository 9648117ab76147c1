package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.poslake.activities.etl.domain.GoldRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallGoldFilesTest {
  static GoldRow row(int item, Instant t) {
    return new GoldRow(1, item, 5, -1, 4, t);
  }

  @Test
  void keepsRowsAndDeletedPositionsPerFileAndCountsWhatItServes() {
    SmallGoldFiles kept = new SmallGoldFiles(1 << 20);
    Instant t = Instant.parse("2026-03-06T10:00:00.000001Z");
    kept.putRows("d1", List.of(row(7, t), row(9, t)));
    kept.putDeletes("x1", Map.of("base", new long[] {3, 8}, "other", new long[] {1}));
    assertEquals(List.of(row(7, t), row(9, t)), kept.rows("d1"));
    assertArrayEquals(new long[] {3, 8}, kept.deleted("x1", "base"));
    assertArrayEquals(new long[0], kept.deleted("x1", "d1"), "a kept delete file is whole: none in other files");
    assertNull(kept.deleted("x2", "base"));
    assertNull(kept.rows("base"));
    assertEquals(3, kept.served());
  }

  @Test
  void keepsNeitherLargeFilesNorTimesTheFileCannotHold() {
    SmallGoldFiles kept = new SmallGoldFiles(1L << 30);
    Instant t = Instant.parse("2026-03-06T10:00:00Z");
    List<GoldRow> large = new ArrayList<>();
    for (int i = 0; i <= SmallGoldFiles.MAX_ROWS; i++) large.add(row(i, t));
    kept.putRows("large", large);
    assertNull(kept.rows("large"));
    kept.putRows("nanos", List.of(row(1, t.plusNanos(1))));
    assertNull(kept.rows("nanos"), "a file holds microseconds: a finer time is not what decoding it gives");
  }

  @Test
  void dropsTheLeastRecentlyUsedBeyondItsBudget() {
    SmallGoldFiles kept = new SmallGoldFiles(1_000); // room for two entries of one position
    kept.putDeletes("x1", Map.of("a", new long[] {1}));
    kept.putDeletes("x2", Map.of("a", new long[] {2}));
    kept.deleted("x1", "a"); // x1 used last
    kept.putDeletes("x3", Map.of("a", new long[] {3}));
    assertNull(kept.deleted("x2", "a"));
    assertArrayEquals(new long[] {1}, kept.deleted("x1", "a"));
    assertArrayEquals(new long[] {3}, kept.deleted("x3", "a"));
  }
}
