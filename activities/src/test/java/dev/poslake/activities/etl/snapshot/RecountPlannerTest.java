package dev.poslake.activities.etl.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the plan cuts the new files into groups: every file once, in order, small groups, enough of them. */
class RecountPlannerTest {
  private static List<RecountObject> files(int n) {
    List<RecountObject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new RecountObject("inventory_snapshots/f" + i + ".csv", "e" + i, 100, List.of()));
    return out;
  }

  @Test
  void everyFileOnceInOrderInAtLeastParallelismGroupsOfAtMostTheCap() {
    for (int n : new int[] {1, 3, 8, 9, 64, 200, 513}) {
      List<RecountObject> files = files(n);
      List<RecountFileGroup> groups = RecountPlanner.groups(files, 8, 64);
      assertEquals(Math.min(n, Math.max(8, (n + 63) / 64)), groups.size(), "groups of " + n);
      List<RecountObject> concatenated = new ArrayList<>();
      for (int g = 0; g < groups.size(); g++) {
        RecountFileGroup group = groups.get(g);
        assertEquals(g, group.index());
        assertTrue(!group.files().isEmpty() && group.files().size() <= 64, "group size " + group.files().size());
        concatenated.addAll(group.files());
      }
      assertEquals(files, concatenated, "contiguous, every file once, for " + n);
      int min = groups.stream().mapToInt(g -> g.files().size()).min().orElseThrow();
      int max = groups.stream().mapToInt(g -> g.files().size()).max().orElseThrow();
      assertTrue(max - min <= 1, "near-equal sizes for " + n + ": " + min + ".." + max);
    }
  }

  @Test
  void noFilesNoGroups() {
    assertEquals(List.of(), RecountPlanner.groups(List.of(), 8, 64));
  }
}
