package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The position format every gold commit carries: per bucket, in runs; the old keys when the buckets agree. */
class GoldPositionTest {
  static final Inputs A = new Inputs(11L, 21L);
  static final Inputs B = new Inputs(12L, 21L);
  static final Inputs NONE = new Inputs(null, null);

  @Test
  void summaryRoundTripsInRunsOfEqualPositions() {
    Inputs[] positions = {A, A, A, B, NONE, A, A, B};
    Map<String, String> summary = GoldPosition.summary(positions);
    assertEquals("8", summary.get(GoldSummaryKeys.BUCKETS));
    assertEquals("0-2=11/21,3=12/21,4=-/-,5-6=11/21,7=12/21", summary.get(GoldSummaryKeys.POSITIONS));
    // the old keys cannot hold different positions: an older worker must not read one of them as gold's
    assertEquals(GoldPosition.MIXED, summary.get(GoldSummaryKeys.SILVER_SNAPSHOT_ID));
    assertEquals(GoldPosition.MIXED, summary.get(GoldSummaryKeys.LATEST_SNAPSHOT_ID));
    GoldPosition read = new GoldPosition(1L, 8, GoldPosition.parse(summary.get(GoldSummaryKeys.POSITIONS), 8));
    assertArrayEquals(positions, read.expand(8));
    assertFalse(read.uniform());
    assertFalse(read.readableAs(4), "buckets at different positions cannot be re-bucketed");
    assertThrows(IllegalStateException.class, () -> read.of(0, 4));
    assertEquals(List.of(A, B, NONE), read.distinct());
  }

  @Test
  void bucketsThatAgreeWriteTheOldKeysAndMayBeReBucketed() {
    Map<String, String> summary = GoldPosition.summary(new Inputs[] {A, A, A, A});
    assertEquals("0-3=11/21", summary.get(GoldSummaryKeys.POSITIONS));
    assertEquals("11", summary.get(GoldSummaryKeys.SILVER_SNAPSHOT_ID));
    assertEquals("21", summary.get(GoldSummaryKeys.LATEST_SNAPSHOT_ID));
    GoldPosition p = new GoldPosition(1L, 4, GoldPosition.parse("0-3=11/21", 4));
    assertTrue(p.readableAs(16));
    assertArrayEquals(new Inputs[] {A, A, A, A, A, A, A, A}, p.expand(8));
    // the format before the fan-out: one position for any bucket count
    GoldPosition old = new GoldPosition(1L, 0, List.of(B));
    assertTrue(old.readableAs(3));
    assertEquals(B, old.of(2, 3));
    assertEquals(B, old.forStore(12345));
  }

  @Test
  void aMissingBucketIsAnError() {
    assertThrows(IllegalStateException.class, () -> GoldPosition.parse("0-2=11/21", 4));
  }

  @Test
  void bucketsAreIcebergsBucketTransformSoEightBucketsAreSilversStoreBuckets() {
    var silverBucket = Transforms.bucket(8).bind(Types.IntegerType.get());
    for (int store = 0; store < 5000; store++) {
      int b8 = GoldPosition.bucketOf(store, 8);
      assertEquals(silverBucket.apply(store), b8, "store " + store);
      assertEquals(b8, GoldPosition.bucketOf(store, 16) % 8, "16 buckets split each silver bucket in two");
    }
  }
}
