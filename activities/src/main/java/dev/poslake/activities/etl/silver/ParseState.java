package dev.poslake.activities.etl.silver;

/**
 * What a parse group learns from its first pass over its records: the position of the occurrence it keeps for each
 * key (the lowest), the (day, store) pairs and minutes its valid parts touch, and whether positions came in
 * increasing order (then the first occurrence met WAS the lowest, and the speculative output stands). Bounded by
 * the group.
 */
final class ParseState {
  final KeyPositions keptAt;
  final DayStores touched = new DayStores();
  private boolean inOrder = true;
  private long last = -1;

  /** @param records the group's bronze records: the key table is sized for them */
  ParseState(long records) {
    keptAt = new KeyPositions(records);
  }

  /** Notes the next record's position; false from the first one that is not above the one before it. */
  boolean advance(long position) {
    if (inOrder && position <= last) inOrder = false;
    last = position;
    return inOrder;
  }

  boolean inOrder() {
    return inOrder;
  }
}
