package dev.poslake.activities.generator;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceData;
import java.nio.file.Path;
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

  @Override
  public ReplayResult replay(ReplayRequest request) {
    try (MessagePublisher publisher = publisher()) {
      return replayPublisher(publisher).replay(request);
    }
  }

  @Override
  public long publishRaw(String file) {
    try (MessagePublisher publisher = publisher()) {
      return replayPublisher(publisher).publishRaw(Path.of(file));
    }
  }

  private ReplayPublisher replayPublisher(MessagePublisher publisher) {
    return new ReplayPublisher(publisher, resources.objectStore()::put, ProgressReporter.current());
  }

  /** The Kafka seam; overridable for tests. */
  protected MessagePublisher publisher() {
    return new KafkaMessagePublisher(PosProducer.create(resources.kafkaProperties()), resources.topic());
  }
}
