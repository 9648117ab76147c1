package dev.poslake.activities.generator;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Activities of the generator workflow and of the replay commands. Activity types: Generator<Method>. */
@ActivityInterface(namePrefix = "Generator")
public interface GeneratorActivities {
  /** Simulates the interval since the previous run; idempotent per request id. Heartbeats. */
  @ActivityMethod
  GenerateResult generate(GenerateRequest request);

  /** Replays demo change/snapshot CSV files (paths on the worker). Not idempotent: silver de-duplicates. */
  @ActivityMethod
  ReplayResult replay(ReplayRequest request);

  /** One Kafka message per line of the file (path on the worker), bytes as they are, key null. */
  @ActivityMethod
  long publishRaw(String file);
}
