package dev.poslake.activities.generator;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.env.PipelineResources;
import java.nio.file.Path;

/**
 * Publishes local files from the process that runs it (the `pos replay` and `pos publish` commands), like
 * kafka-console-producer. Deliberately not an activity: an activity taking a path would let anyone who can start
 * an activity on the task queue make a worker read any file it can read and ship it to Kafka or the bucket.
 */
public final class LocalFilePublisher implements AutoCloseable {
  private final MessagePublisher publisher;
  private final ReplayPublisher replay;

  public LocalFilePublisher(PipelineResources resources) {
    this.publisher = new KafkaMessagePublisher(PosProducer.create(resources.kafkaProperties()), resources.topic());
    this.replay = new ReplayPublisher(publisher, resources.objectStore()::put, ProgressReporter.none());
  }

  /** Demo change/snapshot CSV files, in time order. Not idempotent: silver de-duplicates. */
  public ReplayResult replay(ReplayRequest request) {
    return replay.replay(request);
  }

  /**
   * One Kafka message per line of the file, bytes as they are; streamed. Key: the line's trans_id when
   * {@code keyed} and it has one, else none (see {@link ReplayPublisher#publishRaw}).
   */
  public long publishRaw(Path file, boolean keyed) {
    return replay.publishRaw(file, keyed);
  }

  @Override
  public void close() {
    publisher.close();
  }
}
