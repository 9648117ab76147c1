package dev.poslake.worker;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.config.ConfigException;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Start-up checks of the Kafka cluster and the bucket, each bounded in time and failing with one line that
 * names the setting to fix; creates the topic when it is missing.
 */
final class ExternalServices {
  static final long TIMEOUT_SECONDS = 15;
  private static final long BUSY_PAUSE_MILLIS = 1000;

  private ExternalServices() {}

  static void checkKafkaAndEnsureTopic(PosConfig config) {
    String bootstrap = config.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS);
    String topic = config.get(PosSettings.KAFKA_TOPIC);
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
        int partitions = config.get(PosSettings.KAFKA_PARTITIONS);
        try {
          admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
      }
    } catch (TimeoutException e) {
      throw new ConfigException("cannot reach Kafka at " + bootstrap + " (KAFKA_BOOTSTRAP_SERVERS) within "
          + TIMEOUT_SECONDS + " s");
    } catch (ExecutionException e) {
      throw new ConfigException("Kafka at " + bootstrap + " (KAFKA_BOOTSTRAP_SERVERS) refused: "
          + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka");
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new ConfigException("invalid Kafka client settings (KAFKA_*): " + e.getMessage());
    }
  }

  /**
   * The bucket exists and the keys may use it. A 5xx or throttling answer (503 SlowDown) is the server being busy,
   * not a wrong setting: the check asks again, within {@value #TIMEOUT_SECONDS} s, instead of failing the command.
   */
  static void checkBucket(PosConfig config) {
    String bucket = config.get(PosSettings.S3_BUCKET);
    String endpoint = config.get(PosSettings.S3_ENDPOINT);
    String where = endpoint.isBlank() ? "AWS S3" : endpoint + " (S3_ENDPOINT)";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    try (ObjectStore store = ObjectStore.open(config)) {
      while (true) {
        try {
          store.s3().headBucket(r -> r.bucket(bucket));
          return;
        } catch (software.amazon.awssdk.core.exception.SdkServiceException e) {
          boolean busy = e.statusCode() >= 500 || e.isThrottlingException();
          if (!busy || System.nanoTime() > deadline) throw e;
          Thread.sleep(BUSY_PAUSE_MILLIS);
        }
      }
    } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
      throw new ConfigException("bucket " + bucket + " (S3_BUCKET) does not exist on " + where);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw new ConfigException("cannot use bucket " + bucket + " (S3_BUCKET) on " + where + ": "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the bucket");
    }
  }
}
