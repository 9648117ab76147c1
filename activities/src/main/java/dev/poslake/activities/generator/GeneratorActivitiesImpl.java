package dev.poslake.activities.generator;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceData;
import java.util.function.Supplier;

/**
 * Wires the generator to the pipeline's Kafka and object store. A producer per call: runs are minutes apart,
 * and closing it flushes and frees its threads even when the run fails.
 */
public class GeneratorActivitiesImpl implements GeneratorActivities {
  private final PipelineResources resources;
  private final Supplier<ReferenceData> reference;

  /** @param reference the current reference files (parsed by the reference package), read once per run */
  public GeneratorActivitiesImpl(PipelineResources resources, Supplier<ReferenceData> reference) {
    this.resources = resources;
    this.reference = reference;
  }

  @Override
  public GenerateResult generate(GenerateRequest request) {
    try (MessagePublisher publisher = publisher()) {
      return new GeneratorRun(new ObjectStoreStateRepository(resources.objectStore()), publisher,
          new ObjectStoreSnapshotWriter(resources.objectStore()), ProgressReporter.current())
          .run(request, reference.get());
    }
  }

  /** The Kafka seam; overridable for tests. */
  protected MessagePublisher publisher() {
    return new KafkaMessagePublisher(PosProducer.create(resources.kafkaProperties()), resources.topic());
  }
}
