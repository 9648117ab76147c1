package dev.poslake.activities.etl.domain;

import java.util.stream.IntStream;

/** Shared test reference data: stores 0..3, the five change types, items 100001–200000 (as in item.txt). */
final class Fixtures {
  static final Validation VALIDATION = new Validation(
      IntIdSet.of(0, 1, 2, 3),
      IntIdSet.of(1, 2, 3, 4, -1),
      IntIdSet.of(IntStream.rangeClosed(100001, 200000).toArray()));

  static final String UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

  private Fixtures() {}
}
