package dev.poslake.activities.generator;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities of the generator workflow. Activity types: Generator<Method>. Nothing here takes a local path:
 * replaying or publishing files runs in the CLI process ({@link LocalFilePublisher}), never as an activity that
 * any client of the task queue could start on a worker.
 */
@ActivityInterface(namePrefix = "Generator")
public interface GeneratorActivities {
  /** Simulates the interval since the previous run; idempotent per request id. Heartbeats. */
  @ActivityMethod
  GenerateResult generate(GenerateRequest request);
}
