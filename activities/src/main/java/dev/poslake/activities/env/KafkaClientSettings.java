package dev.poslake.activities.env;

import dev.poslake.config.PosConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The user's pass-through Kafka client settings (KAFKA_<NAME> env vars, kafka.client.* keys), limited to names the
 * Kafka clients define (their ConfigDefs): anything else in the environment that starts with KAFKA_ (Kubernetes
 * service links such as KAFKA_PORT=tcp://..., a shell's leftovers) is ignored and reported once at start instead of
 * reaching the clients.
 */
public final class KafkaClientSettings {
  private static final Set<String> KNOWN = new HashSet<>();

  static {
    KNOWN.addAll(ProducerConfig.configNames());
    KNOWN.addAll(ConsumerConfig.configNames());
    KNOWN.addAll(AdminClientConfig.configNames());
  }

  private KafkaClientSettings() {}

  /** The settings the clients understand. */
  public static Map<String, String> known(PosConfig config) {
    Map<String, String> out = new TreeMap<>();
    config.kafkaClientProperties().forEach((k, v) -> {
      if (KNOWN.contains(k)) out.put(k, v);
    });
    return out;
  }

  /** The ones ignored, as the user wrote them: env var (config-file key). */
  public static List<String> ignored(PosConfig config) {
    return config.kafkaClientProperties().keySet().stream().filter(k -> !KNOWN.contains(k))
        .map(k -> PosConfig.KAFKA_ENV_PREFIX + k.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + " ("
            + PosConfig.KAFKA_CLIENT_PREFIX + k + ")")
        .toList();
  }
}
