package dev.poslake.activities.etl.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.Item;
import dev.poslake.activities.reference.ReferenceData;
import dev.poslake.activities.reference.Store;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** IntIdSet, Validation, TransIds, PairKey. */
class SupportTest {
  @Test
  void intIdSetDenseAndSparse() {
    IntIdSet dense = IntIdSet.of(IntStream.rangeClosed(100001, 200000).toArray());
    assertTrue(dense.isDense());
    assertEquals(100_000, dense.size());
    assertTrue(dense.contains(100001));
    assertTrue(dense.contains(200000));
    assertFalse(dense.contains(100000));
    assertFalse(dense.contains(200001));
    assertFalse(dense.contains(Integer.MIN_VALUE));
    assertFalse(dense.contains(Integer.MAX_VALUE));

    IntIdSet sparse = IntIdSet.of(Integer.MIN_VALUE, -1, 5, 5, Integer.MAX_VALUE);
    assertFalse(sparse.isDense());
    assertEquals(4, sparse.size());
    assertTrue(sparse.contains(Integer.MIN_VALUE));
    assertTrue(sparse.contains(-1));
    assertTrue(sparse.contains(Integer.MAX_VALUE));
    assertFalse(sparse.contains(0));

    IntIdSet withNegative = IntIdSet.of(-1, 1, 2, 3, 4);
    assertTrue(withNegative.isDense());
    assertTrue(withNegative.contains(-1));
    assertFalse(withNegative.contains(0));

    IntIdSet empty = IntIdSet.of();
    assertEquals(0, empty.size());
    assertFalse(empty.contains(0));
    assertTrue(IntIdSet.of(List.of(3, 1)).contains(3));
  }

  @Test
  void validationFromReferenceData() {
    ReferenceData ref = new ReferenceData(
        List.of(new Store(0, "online"), new Store(1, "store_001")),
        List.of(new Item(100001, "item_000000", 903, 10)),
        List.of(new ChangeType(1, "sale"), new ChangeType(4, "bopis"), new ChangeType(-1, "snapshot")));
    Validation v = Validation.of(ref);
    assertTrue(v.isKnownStore(0));
    assertFalse(v.isKnownStore(2));
    assertTrue(v.isKnownItem(100001));
    assertFalse(v.isKnownItem(100002));
    assertTrue(v.isKnownChangeType(4));
    assertFalse(v.isKnownChangeType(2));
    assertFalse(v.isKnownChangeType(ChangeType.SNAPSHOT), "snapshot is not a change message type");
  }

  @Test
  void transIds() {
    String u = Fixtures.UUID;
    assertEquals(u, TransIds.normalize(u));
    assertEquals(u, TransIds.normalize("{" + u + "}"));
    assertEquals(u, TransIds.normalize(u.toUpperCase()));
    assertNull(TransIds.normalize("{" + u));
    assertNull(TransIds.normalize(u + "}"));
    assertNull(TransIds.normalize("(" + u + ")"));
    assertNull(TransIds.normalize(u.replace('-', '_')));
    assertNull(TransIds.normalize(u.replace('0', '\uFF10'))); // full-width digit
    assertNull(TransIds.normalize(null));
  }

  @Test
  void pairKey() {
    long k = PairKey.of(3, 100001);
    assertEquals(3, PairKey.storeId(k));
    assertEquals(100001, PairKey.itemId(k));
    assertTrue(PairKey.of(0, 200000) < PairKey.of(1, 100001));
    assertEquals(-1, PairKey.itemId(PairKey.of(-5, -1)));
    assertEquals(-5, PairKey.storeId(PairKey.of(-5, -1)));
  }
}
