package dev.poslake.activities.generator;

import dev.poslake.activities.env.ObjectStore;
import java.util.Optional;

/** The state as one object, {@link GeneratorState#OBJECT_KEY}; an S3 PUT replaces it atomically. */
public final class ObjectStoreStateRepository implements StateRepository {
  private final ObjectStore store;

  public ObjectStoreStateRepository(ObjectStore store) {
    this.store = store;
  }

  @Override
  public Optional<GeneratorState> load() {
    return store.getIfExists(GeneratorState.OBJECT_KEY).map(GeneratorState::fromBytes);
  }

  @Override
  public void save(GeneratorState state) {
    store.put(GeneratorState.OBJECT_KEY, state.toBytes());
  }
}
