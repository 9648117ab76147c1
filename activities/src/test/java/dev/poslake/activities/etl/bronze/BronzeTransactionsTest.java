package dev.poslake.activities.etl.bronze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A POS feed written by a transactional producer (Kafka Connect, Flink, Kafka Streams do that): records of an
 * aborted transaction never happened, and records of a transaction still open are not there yet.
 */
@ExtendWith(PosStackExtension.class)
class BronzeTransactionsTest {

  @Test
  void abortedRecordsNeverReachBronzeAndOpenTransactionsAreNotWaitedFor(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false);
         KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
             "bootstrap.servers", config.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS),
             "transactional.id", "pos-feed-" + f.topic, "acks", "all"),
             new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) producer.send(new ProducerRecord<>(f.topic, 0, "k", "aborted-" + i));
      producer.flush(); // in the log, then aborted (an abort before the flush would drop them unsent)
      producer.abortTransaction();
      producer.beginTransaction();
      for (int i = 0; i < 2; i++) producer.send(new ProducerRecord<>(f.topic, 0, "k", "committed-" + i));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(f.topic, 0, "k", "still-open")).get();

      f.bronze(); // plans and ingests while the last transaction is open

      List<Record> rows = f.rows(RawInventoryChangeTable.NAME);
      TreeSet<String> values = new TreeSet<>();
      rows.forEach(r -> values.add(StandardCharsets.UTF_8.decode(
          ((java.nio.ByteBuffer) r.getField(RawInventoryChangeTable.VALUE)).duplicate()).toString()));
      assertEquals(new TreeSet<>(List.of("committed-0", "committed-1")), values);

      producer.commitTransaction();
      f.bronze();
      assertEquals(3, f.rows(RawInventoryChangeTable.NAME).size(), "the committed transaction arrives next run");
    }
  }
}
