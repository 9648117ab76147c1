package dev.poslake.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TableStatsTest {
  @Test
  void rowsAreDataRecordsLessPositionDeletes() {
    assertEquals(200_000L, TableStats.rows(Map.of("total-records", "201509", "total-position-deletes", "1509")),
        "gold: merge on read");
    assertEquals(12L, TableStats.rows(Map.of("total-records", "12")), "an append-only table");
    assertNull(TableStats.rows(Map.of()));
  }
}
