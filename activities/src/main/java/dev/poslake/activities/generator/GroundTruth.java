package dev.poslake.activities.generator;

import dev.poslake.activities.env.ObjectStore;
import java.util.Optional;

/**
 * The generator's own truth for verifying gold: the true stock per (store, item) as of the last completed run
 * (state clock). Gold equals it once the ETL has consumed every message of that run and its recounts.
 */
public final class GroundTruth {
  private GroundTruth() {}

  /** The last saved state; empty before the first generator run. Use trueStock / forEachTrueStock on it. */
  public static Optional<GeneratorState> load(ObjectStore store) {
    return new ObjectStoreStateRepository(store).load();
  }
}
