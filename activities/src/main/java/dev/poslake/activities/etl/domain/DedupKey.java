package dev.poslake.activities.etl.domain;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * Identity of one transaction part for de-duplication: (trans_id, store_id, part).
 *
 * <p>store_id is part of the key because a BOPIS order is emitted twice with the same trans_id — once by the
 * online store 0 and once by the fulfilling store — and both rows are real. Re-deliveries of the same message
 * (producer retries, generator re-runs, replays) have the same key and count once.
 *
 * <p>Since trans_id is validated as a UUID the key is exact and compact: 16 + 4 + 4 bytes ({@link #toBytes()}),
 * no hashing needed for equality. {@link #hash64()} is a stable (documented, JVM-independent) 64-bit hash of those
 * bytes for bloom filters or bucketing/pruning indexes; never use it as the identity.
 */
public record DedupKey(UUID transId, int storeId, int part) implements Comparable<DedupKey> {
  /** Length of {@link #toBytes()}. */
  public static final int BYTES = 24;

  /** trans_id compared as unsigned 128 bits (= order of the canonical strings), then store_id, then part. */
  private static final Comparator<DedupKey> ORDER =
      ((Comparator<DedupKey>) (a, b) -> compareUnsigned(a.transId, b.transId))
          .thenComparingInt(DedupKey::storeId)
          .thenComparingInt(DedupKey::part);

  private static int compareUnsigned(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  public DedupKey {
    Objects.requireNonNull(transId, "transId");
    if (part < 0) {
      throw new IllegalArgumentException("part < 0: " + part);
    }
  }

  /** Key from a (possibly braced, any case) UUID string; IllegalArgumentException if it is not one. */
  public static DedupKey of(String transId, int storeId, int part) {
    UUID u = TransIds.parse(transId);
    if (u == null) {
      throw new IllegalArgumentException("trans_id is not a UUID: " + transId);
    }
    return new DedupKey(u, storeId, part);
  }

  /** The canonical trans_id string (lower case, no braces), as stored in silver. */
  public String transIdString() {
    return transId.toString();
  }

  /** Big-endian: trans_id most significant 8 bytes, least significant 8 bytes, store_id, part. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES)
        .putLong(transId.getMostSignificantBits())
        .putLong(transId.getLeastSignificantBits())
        .putInt(storeId)
        .putInt(part)
        .array();
  }

  public static DedupKey fromBytes(byte[] b) {
    if (b.length != BYTES) {
      throw new IllegalArgumentException("expected " + BYTES + " bytes, got " + b.length);
    }
    ByteBuffer bb = ByteBuffer.wrap(b);
    return new DedupKey(new UUID(bb.getLong(), bb.getLong()), bb.getInt(), bb.getInt());
  }

  /**
   * Stable 64-bit hash: {@code h = fmix64(msb + 0x9E3779B97F4A7C15); h = fmix64(h ^ lsb);
   * return fmix64(h ^ ((storeId << 32) | part))} with MurmurHash3's 64-bit finaliser {@code fmix64}. Part of the on-disk contract if persisted: do not change.
   */
  public long hash64() {
    long h = fmix64(transId.getMostSignificantBits() + 0x9E3779B97F4A7C15L);
    h = fmix64(h ^ transId.getLeastSignificantBits());
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
    return transId + "/" + storeId + "/" + part;
  }
}
