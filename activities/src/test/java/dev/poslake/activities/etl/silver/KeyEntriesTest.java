package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key sort orders entries exactly as {@link KeyEntries#compare} does, whatever the spread of their keys. */
class KeyEntriesTest {
  private static final int S = KeyEntries.STRIDE;

  @Test
  void sortsLikeTheComparisonForRandomSkewedAndTextKeysOfEverySize() {
    Random random = new Random(11);
    for (int n : new int[] {0, 1, 2, 15, 16, 17, 127, 128, 129, 1_000, 5_000, 300_000}) {
      for (Spread spread : Spread.values()) {
        long[] a = new long[n * S + S]; // longer than the entries: the tail must stay as it is
        String[] texts = spread == Spread.TEXTS ? new String[n + 1] : null;
        for (int i = 0; i < n; i++) {
          a[i * S] = switch (spread) {
            case RANDOM, TEXTS -> random.nextLong();
            case ONE_MSB -> 42L;
            case FEW_MSBS -> random.nextInt(3) - 1 + (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE - 1);
          };
          a[i * S + 1] = spread == Spread.RANDOM ? random.nextLong() : random.nextInt(4);
          a[i * S + 2] = KeyEntries.storePart(random.nextInt(3) - 1, random.nextInt(3));
          a[i * S + 3] = i;
          if (texts != null) texts[i] = random.nextInt(4) == 0 ? null : "t" + random.nextInt(50);
        }
        a[n * S] = -7;
        long[] expected = a.clone();
        String[] expectedTexts = texts == null ? null : texts.clone();
        referenceSort(expected, expectedTexts, n);
        long[] input = a.clone();
        KeyEntries.sort(a, texts, n);
        // equal keys may come in any order (quicksort is not stable): the keys in order, then every entry once
        assertArrayEquals(keysOf(expected, n), keysOf(a, n), spread + " n=" + n);
        if (texts != null) assertArrayEquals(expectedTexts, texts, spread + " texts n=" + n);
        assertArrayEquals(entriesOf(input, n), entriesOf(a, n), spread + " entries n=" + n);
        assertEquals(-7, a[n * S], "the tail after the entries");
      }
    }
  }

  private static long[] keysOf(long[] a, int n) {
    long[] keys = new long[n * 3];
    for (int i = 0; i < n; i++) System.arraycopy(a, i * S, keys, i * 3, 3);
    return keys;
  }

  /** The entries as one sorted array of their four longs each (a multiset to compare). */
  private static String[] entriesOf(long[] a, int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) out[i] = a[i * S] + "/" + a[i * S + 1] + "/" + a[i * S + 2] + "/" + a[i * S + 3];
    Arrays.sort(out);
    return out;
  }

  private enum Spread { RANDOM, ONE_MSB, FEW_MSBS, TEXTS }

  /** A stable sort of the entries by the comparison, through an index array (ties keep their input order). */
  private static void referenceSort(long[] a, String[] texts, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    long[] copy = a.clone();
    String[] textCopy = texts == null ? null : texts.clone();
    Arrays.sort(order, Comparator.comparing((Integer i) -> i, (x, y) -> KeyEntries.compare(copy[x * S],
        copy[x * S + 1], copy[x * S + 2], textCopy == null ? null : textCopy[x], copy[y * S], copy[y * S + 1],
        copy[y * S + 2], textCopy == null ? null : textCopy[y])).thenComparing(i -> copy[i * S + 3]));
    for (int k = 0; k < n; k++) {
      System.arraycopy(copy, order[k] * S, a, k * S, S);
      if (texts != null) texts[k] = textCopy[order[k]];
    }
  }
}
