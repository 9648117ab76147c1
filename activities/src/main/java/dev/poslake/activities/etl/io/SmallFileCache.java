package dev.poslake.activities.etl.io;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of small data files, kept for the next reader in this JVM, least recently used first out, within a
 * byte budget. Only for files that are never rewritten in place (Iceberg data files: every write gets a new name),
 * so a kept copy can never be stale.
 *
 * <p>Why: in a gold merge, every store of a bucket reads the bucket's new silver files for its own rows. A run that
 * touches 1,000 stores fetched the same eight small files about 125 times each, a request per store.
 */
public final class SmallFileCache {
  private final long budgetBytes;
  private final long maxFileBytes;
  private final LinkedHashMap<String, byte[]> files = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
  private long usedBytes; // guarded by this
  private long hits; // guarded by this

  /** Keeps at most {@code budgetBytes} in all, and no file larger than {@code maxFileBytes}. */
  public SmallFileCache(long budgetBytes, long maxFileBytes) {
    this.budgetBytes = budgetBytes;
    this.maxFileBytes = Math.min(maxFileBytes, budgetBytes);
  }

  /** Whether a file of this size is kept at all. */
  public boolean keeps(long length) {
    return length <= maxFileBytes;
  }

  /** The file's bytes if kept (the caller must not change them), else null. */
  public synchronized byte[] get(String location) {
    byte[] bytes = files.get(location);
    if (bytes != null) hits++;
    return bytes;
  }

  /** Keeps the bytes, dropping the least recently used files to stay within the budget. */
  public synchronized void put(String location, byte[] bytes) {
    if (!keeps(bytes.length) || files.containsKey(location)) return;
    files.put(location, bytes);
    usedBytes += bytes.length;
    for (Iterator<Map.Entry<String, byte[]>> it = files.entrySet().iterator(); usedBytes > budgetBytes; ) {
      usedBytes -= it.next().getValue().length;
      it.remove();
    }
  }

  /** Reads served from the cache so far. */
  public synchronized long hits() {
    return hits;
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }
}
