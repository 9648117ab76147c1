package dev.poslake.ops.metrics;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.gold.GoldFreshness;
import dev.poslake.activities.generator.GeneratorClock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, when called periodically, the Kafka records not yet in bronze per partition (every partition of the
 * topic, uncapped) and gold freshness ({@link GoldFreshness}), and publishes them as gauges.
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

  /**
   * Measures both, each on its own: a failure is counted and logged ({@link ProbeFailures}) and leaves that
   * part's gauges as they were; {@link #last()} only changes when both were measured.
   */
  public void measure() {
    Map<Integer, Long> byPartition = null;
    long total = 0;
    try {
      byPartition = new OffsetPlanner(resources).lagByPartition();
      for (Map.Entry<Integer, Long> e : byPartition.entrySet()) {
        total += e.getValue();
        // every partition, caught-up ones too: a gauge that is not set keeps its last value
        metrics.gauge("pos_kafka_lag_records", "Kafka records not yet in bronze, per partition", e.getValue(),
            "topic", resources.topic(), "partition", String.valueOf(e.getKey()));
      }
      probes().succeeded(ProbeFailures.KAFKA_LAG, LOG, "Kafka lag probe");
    } catch (RuntimeException e) {
      probes().failed(ProbeFailures.KAFKA_LAG, LOG, "Kafka lag probe", e);
    }
    boolean goldMeasured = false;
    GoldFreshness gold = null;
    try {
      gold = GoldFreshness.measure(resources, new GeneratorClock(resources.objectStore())).orElse(null);
      goldMeasured = true;
      if (gold != null) {
        metrics.gauge("pos_gold_freshness_seconds", "Source time (the generator's simulated clock, else the wall "
            + "clock) minus the newest event in gold", gold.seconds());
      }
      probes().succeeded(ProbeFailures.GOLD_FRESHNESS, LOG, "gold freshness probe");
    } catch (RuntimeException e) {
      probes().failed(ProbeFailures.GOLD_FRESHNESS, LOG, "gold freshness probe", e);
    }
    if (byPartition != null && goldMeasured) {
      last = new Lag(System.currentTimeMillis(), Map.copyOf(byPartition), total, gold);
    }
  }

  private ProbeFailures probes() {
    return metrics.probeFailures();
  }
}
