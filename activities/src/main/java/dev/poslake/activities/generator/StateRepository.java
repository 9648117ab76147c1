package dev.poslake.activities.generator;

import java.util.Optional;

/** Loads and saves the generator state as one blob; save is the run's commit point, so it must be atomic. */
public interface StateRepository {
  Optional<GeneratorState> load();

  void save(GeneratorState state);
}
