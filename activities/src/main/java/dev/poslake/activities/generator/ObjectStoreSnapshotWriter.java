package dev.poslake.activities.generator;

import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.env.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a recount to a temp file, then puts it under its standard key. Why a temp file: a 100k-row CSV is
 * ~3 MB and the SDK needs the content length up front; a retry overwrites the key with identical content.
 */
public final class ObjectStoreSnapshotWriter implements SnapshotWriter {
  private final ObjectStore store;

  public ObjectStoreSnapshotWriter(ObjectStore store) {
    this.store = store;
  }

  @Override
  public String write(RecountEvent recount) {
    String key = RecountFileKey.of(recount.storeId(), recount.time());
    Path tmp = null;
    try {
      tmp = Files.createTempFile("pos-snapshot-", ".csv");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        SnapshotCsv.write(recount, out);
      }
      store.put(key, tmp);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + key, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }
}
