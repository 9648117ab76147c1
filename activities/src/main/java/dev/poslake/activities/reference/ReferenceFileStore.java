package dev.poslake.activities.reference;

import dev.poslake.activities.env.ObjectStore;
import java.util.Optional;

/** Where the reference files live (the object store in production); keys are object keys. */
public interface ReferenceFileStore {
  Optional<byte[]> read(String key);

  void write(String key, byte[] bytes);

  static ReferenceFileStore of(ObjectStore store) {
    return new ReferenceFileStore() {
      @Override
      public Optional<byte[]> read(String key) {
        return store.getIfExists(key);
      }

      @Override
      public void write(String key, byte[] bytes) {
        store.put(key, bytes);
      }
    };
  }
}
