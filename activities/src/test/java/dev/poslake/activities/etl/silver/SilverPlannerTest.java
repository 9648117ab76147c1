package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;

class SilverPlannerTest {
  private static final long MB = 1 << 20;

  private static List<DataFile> files(long... sizes) {
    List<DataFile> out = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      out.add(DataFiles.builder(PartitionSpec.unpartitioned()).withPath("s3://b/f" + i + ".parquet")
          .withFormat(FileFormat.PARQUET).withFileSizeInBytes(sizes[i]).withRecordCount(1).build());
    }
    return out;
  }

  private static long[] times(int n, long size) {
    long[] s = new long[n];
    java.util.Arrays.fill(s, size);
    return s;
  }

  /** Contiguous, non-empty, covering every file once, in order. */
  private static void assertPartition(List<SilverPlan.ParseGroup> groups, List<DataFile> files) {
    int next = 0;
    for (int i = 0; i < groups.size(); i++) {
      SilverPlan.ParseGroup g = groups.get(i);
      assertEquals(i, g.index());
      assertEquals(next, g.firstFile());
      assertTrue(g.endFile() > g.firstFile(), "empty group " + g);
      long bytes = 0;
      for (int f = g.firstFile(); f < g.endFile(); f++) bytes += files.get(f).fileSizeInBytes();
      assertEquals(bytes, g.bytes());
      next = g.endFile();
    }
    assertEquals(files.size(), next);
  }

  @Test
  void oneGroupPerPartitionFileUpToTheMinimumAskedFor() {
    List<DataFile> f = files(times(8, 10 * MB));
    List<SilverPlan.ParseGroup> g = SilverPlanner.groups(f, 8, MB);
    assertEquals(8, g.size());
    assertPartition(g, f);
    assertEquals(4, SilverPlanner.groups(f, 4, MB).size());
  }

  @Test
  void aSmallBatchIsNotSplitBelowTheLeastGroupSize() {
    List<DataFile> f = files(times(8, 10_000));
    assertEquals(1, SilverPlanner.groups(f, 8, MB).size());
    assertEquals(8, SilverPlanner.groups(f, 8, 0).size(), "0: one group per file");
    assertEquals(3, SilverPlanner.groups(files(times(8, MB / 2 + 1)), 8, 1 + 4 * MB / 3).size());
  }

  @Test
  void aLargeBatchGetsMoreGroupsSoNoneExceedsTheCapByMoreThanAFile() {
    List<DataFile> f = files(times(40, 10 * MB));
    List<SilverPlan.ParseGroup> g = SilverPlanner.groups(f, 8, MB);
    assertEquals((int) Math.ceil(400.0 * MB / SilverPlanner.MAX_GROUP_BYTES), g.size());
    assertPartition(g, f);
    for (SilverPlan.ParseGroup x : g) assertTrue(x.bytes() <= SilverPlanner.MAX_GROUP_BYTES + 10 * MB, x.toString());
  }

  @Test
  void unevenFilesAreBalancedByBytes() {
    List<DataFile> f = files(50 * MB, MB, MB, MB, MB, 20 * MB, MB, MB, MB, 20 * MB);
    List<SilverPlan.ParseGroup> g = SilverPlanner.groups(f, 2, MB);
    assertPartition(g, f);
    assertEquals((int) Math.ceil(98.0 * MB / SilverPlanner.MAX_GROUP_BYTES), g.size()); // at least this many
    assertEquals(1, g.get(0).endFile(), "the large file alone");
  }

  @Test
  void nearlyEqualPartitionFilesSplitEvenly() {
    // Kafka partitions are never exactly equal: a share ending a few bytes short of 4 files must still get 4
    List<DataFile> f = files(3 * MB + 7, 3 * MB + 5, 3 * MB + 9, 3 * MB + 3, 3 * MB, 3 * MB, 3 * MB, 3 * MB);
    List<SilverPlan.ParseGroup> g = SilverPlanner.groups(f, 2, MB);
    assertPartition(g, f);
    assertEquals(List.of(4, 8), g.stream().map(SilverPlan.ParseGroup::endFile).toList());
  }

  @Test
  void aFileIsNeverSplit() {
    List<DataFile> f = files(200 * MB);
    assertEquals(List.of(new SilverPlan.ParseGroup(0, 0, 1, 200 * MB)), SilverPlanner.groups(f, 8, MB));
  }
}
