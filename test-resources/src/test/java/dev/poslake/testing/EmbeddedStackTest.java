package dev.poslake.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.embedded.EmbeddedStack;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(PosStackExtension.class)
class EmbeddedStackTest {

  @Test
  void kafkaTopicHasEightPartitionsAndRoundTripsARecord(PosConfig config) throws Exception {
    String bootstrap = config.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS);
    String topic = config.get(PosSettings.KAFKA_TOPIC);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      assertEquals(8, partitions);
    }
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topic, 3, null, "hello".getBytes(StandardCharsets.UTF_8))).get();
    }
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 3);
      c.assign(List.of(tp));
      c.seek(tp, 0);
      ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofSeconds(10));
      assertEquals("hello", new String(records.iterator().next().value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void s3BucketExistsAndStoresObjects(PosConfig config) {
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create(config.get(PosSettings.S3_ENDPOINT)))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            config.get(PosSettings.S3_ACCESS_KEY_ID), config.get(PosSettings.S3_SECRET_ACCESS_KEY))))
        .build()) {
      String bucket = config.get(PosSettings.S3_BUCKET);
      s3.putObject(r -> r.bucket(bucket).key("a/b.txt"), RequestBody.fromString("x"));
      assertEquals("x", s3.getObjectAsBytes(r -> r.bucket(bucket).key("a/b.txt")).asUtf8String());
    }
  }

  @Test
  void temporalAnswersOnLoopback(PosConfig config) {
    String target = config.get(PosSettings.TEMPORAL_ADDRESS);
    assertTrue(target.startsWith("127.0.0.1:"), target);
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    try {
      assertTrue(stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).hasCapabilities());
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void aSecondStartOnTheSameDataDirAttachesInsteadOfStartingServers(PosStackExtension.Running running)
      throws Exception {
    try (EmbeddedStack second = EmbeddedStack.startOrAttach(new EmbeddedStack.Options(running.dataDir(), true,
        true, true, "pos", "pos.inventory_change", 8))) {
      assertFalse(second.owner());
      assertEquals(running.stack().settings(), second.settings());
    }
  }
}
