package dev.poslake.activities.generator;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Asynchronous sends with the first failure remembered and rethrown at flush (no silent loss). */
public final class KafkaMessagePublisher implements MessagePublisher {
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaMessagePublisher(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void publish(String key, byte[] value) {
    throwIfFailed();
    producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
      if (e != null) failure.compareAndSet(null, e);
    });
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) throw new IllegalStateException("Kafka send to " + topic + " failed", e);
  }

  @Override
  public void close() {
    producer.close();
  }
}
