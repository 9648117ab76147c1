package dev.poslake.ops.metrics;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.OffsetPlan;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.activities.etl.gold.GoldFreshness;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, when called periodically, the Kafka records not yet in bronze per partition (the same plan the ETL
 * makes, uncapped) and gold freshness ({@link GoldFreshness}), and publishes them as gauges.
 */
public final class LagProbe {
  private static final Logger LOG = LoggerFactory.getLogger(LagProbe.class);

  /** One measurement; {@code gold} null while gold is empty. */
  public record Lag(long measuredAt, Map<Integer, Long> kafkaLagByPartition, long kafkaLag, GoldFreshness gold) {}

  private final PipelineResources resources;
  private final PipelineMetrics metrics;
  private volatile Lag last;

  public LagProbe(PipelineResources resources, PipelineMetrics metrics) {
    this.resources = resources;
    this.metrics = metrics;
  }

  public Lag last() {
    return last;
  }

  public void measure() {
    try {
      OffsetPlan plan = new OffsetPlanner(resources).plan(Integer.MAX_VALUE, true);
      Map<Integer, Long> byPartition = new TreeMap<>();
      for (PartitionRange r : plan.ranges()) {
        byPartition.merge(r.partition(), r.toOffset() - r.fromOffset(), Long::sum);
      }
      long total = 0;
      for (Map.Entry<Integer, Long> e : byPartition.entrySet()) {
        total += e.getValue();
        metrics.gauge("pos_kafka_lag_records", "Kafka records not yet in bronze, per partition", e.getValue(),
            "topic", plan.topic(), "partition", String.valueOf(e.getKey()));
      }
      GoldFreshness gold = GoldFreshness.measure(resources).orElse(null);
      if (gold != null) {
        metrics.gauge("pos_gold_freshness_seconds", "Source time (the generator's simulated clock, else the wall "
            + "clock) minus the newest event in gold", gold.seconds());
      }
      last = new Lag(System.currentTimeMillis(), byPartition, total, gold);
    } catch (RuntimeException e) {
      LOG.debug("lag probe failed: {}", e.toString());
    }
  }
}
