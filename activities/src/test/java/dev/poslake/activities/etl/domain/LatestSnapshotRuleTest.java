package dev.poslake.activities.etl.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatestSnapshotRuleTest {
  private static final Instant T1 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-25T00:00:00Z");

  private static SnapshotRow row(String file, long line, Instant t, int qty) {
    return new SnapshotRow(file, line, 100001, 7, 1, t, qty);
  }

  @Test
  void firstRowWins() {
    SnapshotRow r = row("a.csv", 2, T1, 5);
    assertTrue(LatestSnapshotRule.supersedes(r, null));
    assertSame(r, LatestSnapshotRule.latest(null, r));
  }

  @Test
  void greatestDateTimeWinsRegardlessOfArrivalOrder() {
    SnapshotRow older = row("z.csv", 900, T1, 5);
    SnapshotRow newer = row("a.csv", 2, T2, 9);
    assertTrue(LatestSnapshotRule.supersedes(newer, older));
    assertFalse(LatestSnapshotRule.supersedes(older, newer), "a late, older recount does not replace");
    assertSame(newer, LatestSnapshotRule.latest(older, newer));
    assertSame(newer, LatestSnapshotRule.latest(newer, older));
  }

  @Test
  void tieOnDateTimeIsBrokenByFileThenLineThenQuantity() {
    SnapshotRow a = row("inventory_snapshot_1_a.csv", 9, T1, 5);
    SnapshotRow b = row("inventory_snapshot_1_b.csv", 2, T1, 3);
    assertSame(b, LatestSnapshotRule.latest(a, b));
    assertSame(b, LatestSnapshotRule.latest(b, a));
    SnapshotRow line3 = row("f.csv", 3, T1, 1);
    SnapshotRow line4 = row("f.csv", 4, T1, 0);
    assertSame(line4, LatestSnapshotRule.latest(line3, line4));
    assertSame(line4, LatestSnapshotRule.latest(line4, line3));
    SnapshotRow q1 = row("f.csv", 3, T1, 1);
    SnapshotRow q2 = row("f.csv", 3, T1, 2);
    assertSame(q2, LatestSnapshotRule.latest(q1, q2));
  }

  @Test
  void identicalReplayDoesNotReplace() {
    SnapshotRow r = row("f.csv", 3, T1, 1);
    assertFalse(LatestSnapshotRule.supersedes(row("f.csv", 3, T1, 1), r));
    Map<Long, SnapshotRow> latest = new HashMap<>();
    assertTrue(LatestSnapshotRule.offer(latest, r));
    assertFalse(LatestSnapshotRule.offer(latest, row("f.csv", 3, T1, 1)));
  }

  @Test
  void differentPairsAreRefused() {
    SnapshotRow a = row("f.csv", 3, T1, 1);
    SnapshotRow b = new SnapshotRow("f.csv", 4, 100002, 7, 1, T2, 1);
    assertThrows(IllegalArgumentException.class, () -> LatestSnapshotRule.supersedes(b, a));
  }

  @Test
  void foldIsIndependentOfOrder() {
    List<SnapshotRow> rows = new ArrayList<>();
    Random rnd = new Random(7);
    for (int i = 0; i < 200; i++) {
      rows.add(new SnapshotRow("f" + rnd.nextInt(3) + ".csv", 2 + rnd.nextInt(3), 100001 + rnd.nextInt(3), 7,
          rnd.nextInt(2), T1.plusSeconds(rnd.nextInt(3) * 86400L), rnd.nextInt(4)));
    }
    Map<Long, SnapshotRow> reference = null;
    for (int shuffle = 0; shuffle < 20; shuffle++) {
      Collections.shuffle(rows, rnd);
      Map<Long, SnapshotRow> latest = new HashMap<>();
      rows.forEach(r -> LatestSnapshotRule.offer(latest, r));
      if (reference == null) {
        reference = latest;
      }
      assertEquals(reference, latest);
    }
    assertEquals(6, reference.size());
  }
}
