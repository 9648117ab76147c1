package dev.poslake.activities.etl.bronze;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/** Consumers for offset-range reads: no group, no auto commit, bytes untouched. */
final class KafkaReaders {
  private KafkaReaders() {}

  /** A consumer for offsets and positions only (plans, offset resets). */
  static KafkaConsumer<byte[], byte[]> create(Map<String, Object> clientProperties) {
    return new KafkaConsumer<>(properties(clientProperties), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * A consumer of records whose key and value are views of the fetched batch (no copy per record): the bronze
   * write copies them into its Parquet pages before the next poll.
   */
  static KafkaConsumer<ByteBuffer, ByteBuffer> records(Map<String, Object> clientProperties) {
    return new KafkaConsumer<>(properties(clientProperties), new ByteBufferDeserializer(), new ByteBufferDeserializer());
  }

  private static Map<String, Object> properties(Map<String, Object> clientProperties) {
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
    return p;
  }
}
