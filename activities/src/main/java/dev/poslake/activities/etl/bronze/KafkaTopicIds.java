package dev.poslake.activities.etl.bronze;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A topic's id: Kafka gives a topic a new id when it is deleted and created again under the same name, and its
 * offsets start again from 0. Bronze records the id with its offsets so that offsets of the old topic are never
 * applied to the new one.
 */
public final class KafkaTopicIds {
  private static final long TIMEOUT_SECONDS = 30;

  private KafkaTopicIds() {}

  public static String of(Map<String, Object> clientProperties, String topic) {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    try (Admin admin = Admin.create(p)) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .get(topic).topicId().toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe Kafka topic " + topic + ": " + e.getMessage(), e);
    }
  }
}
