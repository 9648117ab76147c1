package dev.poslake.activities.etl.bronze;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Consumers for offset-range reads: no group, no auto commit, bytes untouched. */
final class KafkaReaders {
  private KafkaReaders() {}

  static KafkaConsumer<byte[], byte[]> create(Map<String, Object> clientProperties) {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG); // positions live in Iceberg, never in a consumer group
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // never jump silently: a range whose start was deleted by retention must fail, not read something else
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    // records of aborted producer transactions never happened; end offsets then stop at the last stable offset,
    // so a plan never waits on a transaction still open
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // with the default 500 ms, every seek waits out the pending fetch of the previous position
    p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "poslake-bronze");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
