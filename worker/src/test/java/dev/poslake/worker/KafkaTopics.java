package dev.poslake.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test helper: offset-range reads of a topic on the real broker (assign + seek, no group, bounded by offsets). */
final class KafkaTopics {
  private final Map<String, Object> clientProperties;

  KafkaTopics(Map<String, Object> clientProperties) {
    this.clientProperties = Map.copyOf(clientProperties);
  }

  void create(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** End offset per partition now. */
  Map<TopicPartition, Long> endOffsets(String topic) {
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      return new HashMap<>(c.endOffsets(partitions(c, topic), Duration.ofSeconds(30)));
    }
  }

  /** Every record from {@code from} (missing partitions: 0) up to {@code to}, in partition then offset order. */
  List<ConsumerRecord<String, byte[]>> read(String topic, Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      List<TopicPartition> parts = partitions(c, topic);
      parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      for (TopicPartition tp : parts) {
        long start = from.getOrDefault(tp, 0L);
        long end = to.getOrDefault(tp, 0L);
        if (end <= start) continue;
        c.assign(List.of(tp));
        c.seek(tp, start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.position(tp) < end) {
          if (System.nanoTime() > deadline) throw new AssertionError("timed out reading " + tp);
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
            if (r.offset() < end) out.add(r);
          }
        }
      }
    }
    return out;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
    List<TopicPartition> out = new ArrayList<>();
    c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> out.add(new TopicPartition(topic, p.partition())));
    return out;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
