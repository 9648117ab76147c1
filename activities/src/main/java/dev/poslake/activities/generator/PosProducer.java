package dev.poslake.activities.generator;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The one place Kafka producers are configured: idempotent, acks=all, key string, value raw bytes. */
public final class PosProducer {
  private PosProducer() {}

  public static KafkaProducer<String, byte[]> create(Map<String, Object> clientProperties) {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "poslake-generator");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
