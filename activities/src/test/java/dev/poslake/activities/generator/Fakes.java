package dev.poslake.activities.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory stand-ins for Kafka and the object store. */
final class Fakes {
  private Fakes() {}

  static final class Publisher implements MessagePublisher {
    final List<String> keys = new ArrayList<>();
    final List<byte[]> values = new ArrayList<>();
    int flushes;

    @Override
    public void publish(String key, byte[] value) {
      keys.add(key);
      values.add(value);
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {}

    List<String> texts() {
      return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }
  }

  static final class States implements StateRepository {
    byte[] saved;
    boolean failSave;

    @Override
    public Optional<GeneratorState> load() {
      return Optional.ofNullable(saved).map(GeneratorState::fromBytes);
    }

    @Override
    public void save(GeneratorState state) {
      if (failSave) throw new IllegalStateException("crash before commit");
      saved = state.toBytes();
    }
  }

  static final class Snapshots implements SnapshotWriter {
    final Map<String, Integer> rowsByKey = new LinkedHashMap<>();

    @Override
    public String write(RecountEvent r) {
      String key = dev.poslake.activities.contracts.RecountFileKey.of(r.storeId(), r.time());
      rowsByKey.put(key, r.size());
      return key;
    }
  }
}
