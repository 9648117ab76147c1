package dev.poslake.activities.generator;

import java.util.UUID;

/**
 * A tiny SplitMix64 random generator. Why our own: the generator's output must be byte-identical across JVM
 * versions and retries, so the algorithm is pinned here instead of relying on java.util.Random's internals.
 * Streams are derived from keys (seed, purpose, store, hour, index) so that any slice of simulated time can be
 * regenerated on its own.
 */
final class DetRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  private DetRandom(long state) {
    this.state = state;
  }

  /** A stream derived from the given keys; the same keys always give the same stream. */
  static DetRandom of(long... keys) {
    long h = 0x5DEECE66DL;
    for (long k : keys) {
      h = mix(h ^ mix(k + GOLDEN));
    }
    return new DetRandom(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), bound > 0 (multiply-shift; bias is negligible for our bounds). */
  int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be > 0");
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform in [lo, hi], inclusive. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  /** A version-4 UUID drawn from this stream (never UUID.randomUUID: retries must reproduce it). */
  UUID nextUuid() {
    long msb = (nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
