package dev.poslake.activities.etl.silver;

/**
 * A Bloom filter of a batch's keys (about 10 bits per key, 1% false positives): the existing-keys lookup streams
 * the touched silver partitions and keeps only the rows whose key may be in the batch, without holding the batch's
 * keys in memory (1.25 bytes per key instead of 32 or more).
 */
final class KeyBloom {
  private static final int HASHES = 7;
  private final long[] bits;
  private final long mask;

  KeyBloom(long expectedKeys) {
    long wanted = Math.max(1024, expectedKeys * 10);
    long size = Long.highestOneBit(wanted - 1) << 1; // power of two ≥ wanted
    this.bits = new long[(int) Math.min(size / 64, 1 << 28)];
    this.mask = (long) bits.length * 64 - 1;
  }

  void add(long m, long l, long sp) {
    long h1 = KeyEntries.hash(m, l, sp);
    long h2 = (h1 * 0xff51afd7ed558ccdL) ^ (h1 >>> 31) | 1;
    for (int i = 0; i < HASHES; i++) {
      long bit = (h1 + i * h2) & mask;
      bits[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  boolean mightContain(long m, long l, long sp) {
    long h1 = KeyEntries.hash(m, l, sp);
    long h2 = (h1 * 0xff51afd7ed558ccdL) ^ (h1 >>> 31) | 1;
    for (int i = 0; i < HASHES; i++) {
      long bit = (h1 + i * h2) & mask;
      if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) return false;
    }
    return true;
  }
}
