package dev.poslake.ops.metrics;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.OffsetPlan;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, when called periodically, the Kafka records not yet in bronze per partition (the same plan the ETL
 * makes, uncapped) and the newest event in gold, and publishes them as gauges.
 */
public final class LagProbe {
  private static final Logger LOG = LoggerFactory.getLogger(LagProbe.class);

  /** One measurement; {@code newestGoldEventMillis} 0 while gold is empty. */
  public record Lag(long measuredAt, Map<Integer, Long> kafkaLagByPartition, long kafkaLag,
      long newestGoldEventMillis, Long goldFreshnessMillis) {}

  private final PipelineResources resources;
  private final PipelineMetrics metrics;
  private final LongSupplier sourceClock;
  private volatile Lag last;

  /** @param sourceClock the source's "now" (the generator's simulated clock), 0 for the wall clock */
  public LagProbe(PipelineResources resources, PipelineMetrics metrics, LongSupplier sourceClock) {
    this.resources = resources;
    this.metrics = metrics;
    this.sourceClock = sourceClock;
  }

  public Lag last() {
    return last;
  }

  public void measure() {
    try {
      OffsetPlan plan = new OffsetPlanner(resources).plan(Integer.MAX_VALUE);
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
      long newest = newestGoldEvent();
      Long freshness = null;
      if (newest > 0) {
        long source = sourceClock.getAsLong();
        freshness = Math.max(0, (source > 0 ? source : System.currentTimeMillis()) - newest);
        metrics.gauge("pos_gold_freshness_seconds", "Source time minus the newest event in gold", freshness / 1000);
      }
      last = new Lag(System.currentTimeMillis(), byPartition, total, newest, freshness);
    } catch (RuntimeException e) {
      LOG.debug("lag probe failed: {}", e.toString());
    }
  }

  private long newestGoldEvent() {
    long[] max = {0};
    TableReader.of(resources.catalog().loadTable(resources.table(CurrentInventoryTable.NAME)))
        .select(CurrentInventoryTable.DATE_TIME)
        .forEach(r -> {
          Object v = r.getField(CurrentInventoryTable.DATE_TIME);
          if (v instanceof OffsetDateTime t) max[0] = Math.max(max[0], t.toInstant().toEpochMilli());
        });
    return max[0];
  }
}
