package dev.poslake.activities.rebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The newest rebuild's status, one JSON object in the bucket: {@value #KEY}. */
public final class RebuildStatusStore {
  static final String KEY = "rebuild/status.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectStore store;

  public RebuildStatusStore(ObjectStore store) {
    this.store = store;
  }

  public Optional<RebuildStatus> load() {
    return store.getIfExists(KEY).map(bytes -> {
      try {
        return JSON.readValue(bytes, RebuildStatus.class);
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable rebuild status " + KEY, e);
      }
    });
  }

  /** Saves the status; idempotent (a retry writes the same object). */
  public void save(RebuildStatus status) {
    try {
      store.put(KEY, JSON.writeValueAsBytes(status));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
