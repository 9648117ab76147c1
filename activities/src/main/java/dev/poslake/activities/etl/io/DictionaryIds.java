package dev.poslake.activities.etl.io;

import java.nio.ByteBuffer;

/**
 * Decodes the dictionary ids of one dictionary-encoded Parquet data page (a bit width byte, then Parquet's
 * RLE/bit-packing hybrid runs) into an int array, in one pass over the page's bytes. Parquet's own decoder reads
 * through a DataInputStream, a call per run header and per value byte: with the short runs of recount and silver
 * columns it was the top frame of reading them (JFR, latest-snapshot upsert).
 */
final class DictionaryIds {
  private DictionaryIds() {}

  /** The page's {@code count} ids into {@code ids} (grown if too small); returns the array used. */
  static int[] decode(ByteBuffer page, int count, int[] ids) {
    int[] out = ids.length >= count ? ids : new int[Math.max(count, ids.length * 2)];
    int width = page.get() & 0xFF;
    if (width > 32) throw new IllegalStateException("dictionary id bit width " + width);
    int valueBytes = (width + 7) / 8;
    int n = 0;
    while (n < count) {
      int header = unsignedVarInt(page);
      if ((header & 1) == 0) { // a run of one value
        int run = header >>> 1;
        int value = 0;
        for (int i = 0; i < valueBytes; i++) value |= (page.get() & 0xFF) << (8 * i);
        int end = Math.min(count, n + run);
        while (n < end) out[n++] = value;
      } else { // groups of 8 bit-packed values, least significant bit first
        n = unpack(page, width, (header >>> 1) * 8, out, n, count);
      }
    }
    return out;
  }

  private static int unpack(ByteBuffer page, int width, int values, int[] out, int n, int count) {
    long mask = (1L << width) - 1;
    long buffer = 0;
    int bits = 0;
    for (int i = 0; i < values; i++) {
      while (bits < width) {
        buffer |= (long) (page.get() & 0xFF) << bits;
        bits += 8;
      }
      int v = (int) (buffer & mask);
      buffer >>>= width;
      bits -= width;
      if (n < count) out[n++] = v; // the last group may be padded past the page's values
    }
    return n;
  }

  private static int unsignedVarInt(ByteBuffer page) {
    int value = 0;
    int shift = 0;
    int b;
    do {
      b = page.get() & 0xFF;
      value |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }
}
