package dev.poslake.activities.etl.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

/** Ids decoded from pages that Parquet's own encoder wrote: runs, bit-packed groups, padding, every bit width. */
class DictionaryIdsTest {
  @Test
  void decodesWhatParquetsEncoderWrites() throws Exception {
    Random random = new Random(7);
    for (int width = 0; width <= 20; width++) {
      for (String shape : new String[] {"random", "runs", "mixed", "one"}) {
        int count = 1 + random.nextInt(5000);
        int[] values = new int[count];
        int max = width == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (1L << width) - 1);
        for (int i = 0; i < count; i++) {
          values[i] = switch (shape) {
            case "random" -> width == 0 ? 0 : random.nextInt(max + 1);
            case "runs" -> (i / 37) % (max + 1);
            case "mixed" -> i % 100 < 50 ? max : (width == 0 ? 0 : random.nextInt(max + 1));
            default -> max;
          };
        }
        assertArrayEquals(values, decode(width, values), "width " + width + ", " + shape + ", " + count + " values");
      }
    }
  }

  @Test
  void reusesALargeEnoughBuffer() throws Exception {
    int[] values = {3, 3, 3, 1, 2, 0, 3, 1, 2};
    byte[] page = encode(2, values);
    int[] buffer = new int[100];
    int[] out = DictionaryIds.decode(ByteBuffer.wrap(page), values.length, buffer);
    assertArrayEquals(values, Arrays.copyOf(out, values.length));
    assertSame(buffer, out);
  }

  private static int[] decode(int width, int[] values) throws Exception {
    return Arrays.copyOf(DictionaryIds.decode(ByteBuffer.wrap(encode(width, values)), values.length, new int[0]),
        values.length);
  }

  private static byte[] encode(int width, int[] values) throws Exception {
    RunLengthBitPackingHybridEncoder encoder =
        new RunLengthBitPackingHybridEncoder(width, 64, 1 << 20, new HeapByteBufferAllocator());
    for (int v : values) encoder.writeInt(v);
    byte[] runs = encoder.toBytes().toByteArray();
    byte[] page = new byte[runs.length + 1];
    page[0] = (byte) width;
    System.arraycopy(runs, 0, page, 1, runs.length);
    return page;
  }
}
