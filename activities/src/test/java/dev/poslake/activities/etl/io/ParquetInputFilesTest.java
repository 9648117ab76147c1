package dev.poslake.activities.etl.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.junit.jupiter.api.Test;

class ParquetInputFilesTest {
  @Test
  void fetchedWholeOrStreamedTheBytesAndPositionsAreTheSame() throws Exception {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
    for (long wholeFileBytes : new long[] {10_000, 100}) { // fetched whole, then streamed
      InputFile file = ParquetInputFiles.of(new InMemoryInputFile(data), wholeFileBytes);
      assertEquals(1000, file.getLength());
      try (SeekableInputStream in = file.newStream()) {
        in.seek(500);
        assertEquals(data[500] & 0xff, in.read());
        assertEquals(501, in.getPos());
        byte[] tail = new byte[499];
        in.readFully(tail);
        assertArrayEquals(Arrays.copyOfRange(data, 501, 1000), tail);
        in.seek(3);
        byte[] head = new byte[10];
        in.readFully(head);
        assertArrayEquals(Arrays.copyOfRange(data, 3, 13), head, "seeking back, limit " + wholeFileBytes);
        assertEquals(13, in.getPos());
      }
    }
  }
}
