package dev.poslake.activities.etl.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.junit.jupiter.api.Test;

class SmallFileCacheTest {
  @Test
  void keepsTheMostRecentlyUsedFilesWithinItsBudgetAndNoLargeOnes() {
    SmallFileCache cache = new SmallFileCache(100, 40);
    cache.put("a", new byte[40]);
    cache.put("b", new byte[40]);
    cache.put("big", new byte[41]);
    assertNull(cache.get("big"), "larger than a file may be");
    assertNotNull(cache.get("a")); // a is now the most recently used
    cache.put("c", new byte[40]); // 120 > 100: b goes
    assertNull(cache.get("b"));
    assertNotNull(cache.get("a"));
    assertNotNull(cache.get("c"));
    assertEquals(80, cache.usedBytes());
    assertEquals(3, cache.hits());
  }

  @Test
  void aSecondReaderOfAKeptFileMakesNoRequest() throws Exception {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 3);
    AtomicInteger requests = new AtomicInteger();
    InputFile file = new Counting(new InMemoryInputFile(data), requests);
    SmallFileCache cache = new SmallFileCache(10_000, 5_000);
    for (int reader = 0; reader < 3; reader++) {
      try (DelegatingSeekableInputStream in =
          (DelegatingSeekableInputStream) ParquetInputFiles.of(file, 10_000, cache).newStream()) {
        in.seek(10);
        byte[] read = new byte[5];
        in.readFully(read);
        assertArrayEquals(new byte[] {30, 33, 36, 39, 42}, read);
      }
    }
    assertEquals(1, requests.get());
    assertEquals(2, cache.hits());
    InputFile large = new Counting(new InMemoryInputFile(new byte[6_000]), requests);
    ParquetInputFiles.of(large, 10_000, cache);
    ParquetInputFiles.of(large, 10_000, cache);
    assertEquals(3, requests.get(), "a file above the cache's limit is fetched by every reader");
  }

  /** Counts the streams opened on a file. */
  private record Counting(InputFile file, AtomicInteger streams) implements InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      streams.incrementAndGet();
      return file.newStream();
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public boolean exists() {
      return file.exists();
    }
  }
}
