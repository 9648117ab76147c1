package dev.poslake.activities.etl.domain;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.UUID;

/**
 * Identity of one transaction part for de-duplication: (trans_id, store_id, part).
 *
 * <p>store_id is part of the key because a BOPIS order is emitted twice with the same trans_id — once by the
 * online store 0 and once by the fulfilling store — and both rows are real. Re-deliveries of the same message
 * (producer retries, generator re-runs, replays) have the same key and count once.
 *
 * <p>The key is exact. A UUID trans_id is its two longs ({@code msb}, {@code lsb}) and {@code text} is null. Any
 * other trans_id is kept whole in {@code text}, and {@code msb}/{@code lsb} are a 128-bit hash of it: a hash only
 * spreads and orders keys (hash tables, Bloom filters, key files), equality always compares {@code text} too, so
 * two ids whose hashes collide (or collide with a UUID's bits) stay two keys.
 */
public record DedupKey(long msb, long lsb, String text, int storeId, int part) implements Comparable<DedupKey> {

  /** (msb, lsb) as unsigned 128 bits (= order of the canonical UUID strings), store_id, part, then text. */
  private static final Comparator<DedupKey> ORDER =
      ((Comparator<DedupKey>) (a, b) -> {
        int c = Long.compareUnsigned(a.msb, b.msb);
        return c != 0 ? c : Long.compareUnsigned(a.lsb, b.lsb);
      })
          .thenComparingInt(DedupKey::storeId)
          .thenComparingInt(DedupKey::part)
          .thenComparing(DedupKey::text, Comparator.nullsFirst(Comparator.naturalOrder()));

  public DedupKey {
    if (part < 0) {
      throw new IllegalArgumentException("part < 0: " + part);
    }
    if (text != null && TransIds.parse(text) != null) {
      throw new IllegalArgumentException("a UUID trans_id is keyed by its bits, not its text: " + text);
    }
  }

  /** The key of a UUID trans_id. */
  public DedupKey(UUID transId, int storeId, int part) {
    this(transId.getMostSignificantBits(), transId.getLeastSignificantBits(), null, storeId, part);
  }

  /** Key from a trans_id as a message or silver carries it; IllegalArgumentException if it is not one. */
  public static DedupKey of(String transId, int storeId, int part) {
    DedupKey k = ofOrNull(transId, storeId, part);
    if (k == null) {
      throw new IllegalArgumentException("trans_id is " + TransIds.problem(transId) + ": " + transId);
    }
    return k;
  }

  /** Key from a trans_id, or null if it is not one (see {@link TransIds}). */
  public static DedupKey ofOrNull(String transId, int storeId, int part) {
    UUID u = TransIds.parse(transId);
    if (u != null) {
      return new DedupKey(u, storeId, part);
    }
    if (TransIds.problem(transId) != null) {
      return null;
    }
    byte[] utf8 = transId.getBytes(StandardCharsets.UTF_8);
    return new DedupKey(textHigh(utf8), textLow(utf8), transId, storeId, part);
  }

  /** The canonical trans_id string (a UUID in lower case without braces, any other id as sent), as in silver. */
  public String transIdString() {
    return text != null ? text : new UUID(msb, lsb).toString();
  }

  /** The two halves of the text's 128-bit hash: FNV-1a 64 with two offset bases, each through fmix64. */
  static long textHigh(byte[] utf8) {
    return fnv1a(utf8, 0xCBF29CE484222325L);
  }

  static long textLow(byte[] utf8) {
    return fnv1a(utf8, 0x84222325CBF29CE4L);
  }

  private static long fnv1a(byte[] b, long h) {
    for (byte x : b) {
      h = (h ^ (x & 0xFF)) * 0x100000001B3L;
    }
    return fmix64(h ^ b.length);
  }

  /**
   * Stable 64-bit hash: {@code h = fmix64(msb + 0x9E3779B97F4A7C15); h = fmix64(h ^ lsb);
   * return fmix64(h ^ ((storeId << 32) | part))} with MurmurHash3's 64-bit finaliser {@code fmix64}. For spreading
   * only (bloom filters, bucketing): never the identity.
   */
  public long hash64() {
    long h = fmix64(msb + 0x9E3779B97F4A7C15L);
    h = fmix64(h ^ lsb);
    return fmix64(h ^ (((long) storeId << 32) | (part & 0xFFFFFFFFL)));
  }

  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  @Override
  public int compareTo(DedupKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return transIdString() + "/" + storeId + "/" + part;
  }
}
