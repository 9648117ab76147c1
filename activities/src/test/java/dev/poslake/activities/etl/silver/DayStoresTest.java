package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The minutes a batch touched, as the time ranges of silver's key look-up. */
class DayStoresTest {
  static final long MINUTE = DayStores.MICROS_PER_MINUTE;
  static final long DAY = DayStores.MICROS_PER_DAY;

  @Test
  void theLastMinuteOfADayEndsWhereTheNextDayBegins() {
    DayStores d = new DayStores();
    d.add(5 * DAY - 1, 1); // 23:59:59.999999 of day 4
    d.add(5 * DAY, 1); // 00:00 of day 5
    assertEquals(2, d.byDay().size());
    assertArrayEquals(new long[] {5 * DAY - MINUTE, 5 * DAY}, d.ranges(4, 16).get(0));
    assertArrayEquals(new long[] {5 * DAY, 5 * DAY + MINUTE}, d.ranges(5, 16).get(0));
  }

  @Test
  void timesBeforeTheEpochFallInTheirOwnDayAndMinute() {
    DayStores d = new DayStores();
    d.add(-1, 2); // 1969-12-31T23:59:59.999999Z
    assertEquals(List.of(-1L), List.copyOf(d.byDay().keySet()));
    assertArrayEquals(new long[] {-MINUTE, 0}, d.ranges(-1, 16).get(0));
  }

  @Test
  void theClosestRunsJoinFirstAndADayWithoutMinutesIsWhole() {
    DayStores d = new DayStores();
    for (int m : new int[] {10, 11, 20, 22, 100}) d.add(m * MINUTE, 1);
    assertEquals(4, d.ranges(0, 16).size()); // 10-12, 20-21, 22-23, 100-101
    List<long[]> two = d.ranges(0, 2);
    assertArrayEquals(new long[] {10 * MINUTE, 23 * MINUTE}, two.get(0), "gaps of 1 and 8 minutes joined first");
    assertArrayEquals(new long[] {100 * MINUTE, 101 * MINUTE}, two.get(1));

    DayStores empty = new DayStores();
    empty.addMinutes(3, new long[DayStores.MINUTE_WORDS]);
    assertArrayEquals(new long[] {3 * DAY, 4 * DAY}, empty.ranges(3, 16).get(0), "no minute set: the whole day");
    assertArrayEquals(new long[] {7 * DAY, 8 * DAY}, empty.ranges(7, 16).get(0), "none recorded: the whole day");
  }

  @Test
  void holdsATimeOnlyInATouchedMinuteOfATouchedStoreAndDay() {
    DayStores d = new DayStores();
    d.add(2 * DAY + 10 * MINUTE + 5, 1);
    d.add(2 * DAY + 11 * MINUTE, 3);
    assertTrue(d.holds(2 * DAY + 10 * MINUTE, 1), "the minute's first microsecond");
    assertTrue(d.holds(2 * DAY + 11 * MINUTE - 1, 1), "the minute's last");
    assertTrue(d.holds(2 * DAY + 11 * MINUTE + 59_000_000, 1), "another touched minute, another store of the day");
    assertFalse(d.holds(2 * DAY + 12 * MINUTE, 1), "the next minute");
    assertFalse(d.holds(2 * DAY + 10 * MINUTE, 2), "a store the batch did not touch");
    assertFalse(d.holds(3 * DAY + 10 * MINUTE, 1), "the same minute of another day");

    DayStores whole = new DayStores();
    whole.addPacked((4L << 32) | 7);
    whole.addMinutes(4, new long[DayStores.MINUTE_WORDS]);
    assertTrue(whole.holds(4 * DAY + 1000 * MINUTE, 7), "no minute set: the whole day, as in its ranges");
    assertFalse(whole.holds(4 * DAY + 1000 * MINUTE, 8));
  }

  @Test
  void aPageMayHoldTouchedRowsWhenItsTimesMeetATouchedMinute() {
    DayStores d = new DayStores();
    d.add(2 * DAY + 10 * MINUTE + 5, 1);
    d.add(2 * DAY + 11 * MINUTE, 3);
    assertTrue(d.anyMinuteBetween(2 * DAY, 2 * DAY + 10 * MINUTE), "ends at the run's first microsecond");
    assertTrue(d.anyMinuteBetween(2 * DAY + 12 * MINUTE - 1, 3 * DAY), "starts at its last");
    assertFalse(d.anyMinuteBetween(2 * DAY, 2 * DAY + 10 * MINUTE - 1), "before the minutes");
    assertFalse(d.anyMinuteBetween(2 * DAY + 12 * MINUTE, 3 * DAY + 10 * MINUTE), "after them, and another day");
  }
}
