package dev.poslake.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.embedded.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A restarted stack on the same data dir (new ports) still holds what was written before. */
class StackRestartTest {

  @Test
  void kafkaRecordsSurviveARestartOnNewPorts() throws Exception {
    Path dir = Files.createTempDirectory("poslake-restart-");
    EmbeddedStack.Options o = new EmbeddedStack.Options(dir, true, false, false, "pos", "t", 2);
    try {
      try (EmbeddedStack first = EmbeddedStack.startOrAttach(o);
           KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
               first.settings().get("kafka.bootstrap.servers")), new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < 5; i++) {
          p.send(new ProducerRecord<>("t", 1, null, new byte[] {(byte) i})).get();
        }
      }
      try (EmbeddedStack second = EmbeddedStack.startOrAttach(o);
           KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
               second.settings().get("kafka.bootstrap.servers")), new ByteArrayDeserializer(),
               new ByteArrayDeserializer())) {
        TopicPartition tp = new TopicPartition("t", 1);
        assertEquals(5L, c.endOffsets(List.of(tp)).get(tp));
      }
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }
}
