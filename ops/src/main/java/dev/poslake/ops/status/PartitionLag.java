package dev.poslake.ops.status;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.BronzeOffsets;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka lag of bronze per partition: the end offset of the topic vs the offset committed in the bronze
 * table's snapshot summary (the ETL's only source of truth for offsets).
 */
public record PartitionLag(int partition, long committed, long end) {
  public long lag() {
    return Math.max(0, end - committed);
  }

  public static List<PartitionLag> measure(PipelineResources res) throws Exception {
    String topic = res.topic();
    Map<Integer, Long> committed = BronzeOffsets.committed(
        res.catalog().loadTable(res.table(RawInventoryChangeTable.NAME)), topic);
    Map<String, Object> props = new HashMap<>(res.kafkaProperties());
    props.put("request.timeout.ms", 15000);
    props.put("default.api.timeout.ms", 15000);
    try (Admin admin = Admin.create(props)) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(request).all().get(15, TimeUnit.SECONDS);
      List<PartitionLag> out = new ArrayList<>();
      for (int p = 0; p < d.partitions().size(); p++) {
        long end = ends.get(new TopicPartition(topic, p)).offset();
        out.add(new PartitionLag(p, committed.getOrDefault(p, 0L), end));
      }
      return out;
    }
  }
}
