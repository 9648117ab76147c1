package dev.poslake.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Failures of the periodic probes behind the ops page, /metrics and `pos up`'s run messages. Each failure counts
 * in {@code pos_probe_failures_total{probe}}, so that a probe that keeps failing is visible (its gauges then hold
 * their last value). It is logged at WARN, but at most once a {@link #WARN_EVERY_MILLIS} per probe: a dead stack
 * fails every poll, every second.
 */
public final class ProbeFailures {
  public static final String METRIC = "pos_probe_failures_total";
  static final long WARN_EVERY_MILLIS = 60_000;
  /** Kafka records not yet in bronze (LagProbe). */
  public static final String KAFKA_LAG = "kafka_lag";
  /** Newest event in gold vs source time (LagProbe). */
  public static final String GOLD_FRESHNESS = "gold_freshness";
  /** Reading new rows of pipeline_runs (ops page, run metrics). */
  public static final String RUN_LOG = "run_log";
  /** Describing the schedules (paused gauge, `pos up`'s run messages). */
  public static final String SCHEDULES = "schedules";

  private final MeterRegistry registry;
  private final Map<String, ProbeState> probes = new ConcurrentHashMap<>();

  private static final class ProbeState {
    long lastWarnAt;
    long failuresSinceWarn;
    long failingSince;
  }

  ProbeFailures(MeterRegistry registry) {
    this.registry = registry;
    for (String p : new String[] {KAFKA_LAG, GOLD_FRESHNESS, RUN_LOG, SCHEDULES}) counter(p); // 0 from the start
  }

  /** Counts a failure of {@code probe} and logs it (WARN, rate-limited) to {@code log}. */
  public void failed(String probe, Logger log, String what, Exception e) {
    counter(probe).increment();
    ProbeState s = probes.computeIfAbsent(probe, k -> new ProbeState());
    long now = System.currentTimeMillis();
    long suppressed;
    synchronized (s) {
      if (s.failingSince == 0) s.failingSince = now;
      if (s.lastWarnAt != 0 && now - s.lastWarnAt < WARN_EVERY_MILLIS) {
        s.failuresSinceWarn++;
        return;
      }
      suppressed = s.failuresSinceWarn;
      s.lastWarnAt = now;
      s.failuresSinceWarn = 0;
    }
    log.warn("{} failed{}: {}", what, suppressed == 0 ? "" : " (and " + suppressed + " more times in the last "
        + WARN_EVERY_MILLIS / 1000 + " s)", e.toString());
  }

  /** Notes that {@code probe} worked: after failures, says so once (INFO). */
  public void succeeded(String probe, Logger log, String what) {
    ProbeState s = probes.get(probe);
    if (s == null) return;
    long since;
    synchronized (s) {
      if (s.failingSince == 0) return;
      since = s.failingSince;
      s.failingSince = 0;
      s.lastWarnAt = 0;
      s.failuresSinceWarn = 0;
    }
    log.info("{} works again (failing since {} s)", what, (System.currentTimeMillis() - since) / 1000);
  }

  private Counter counter(String probe) {
    return Counter.builder(METRIC).description("Failures of the periodic probes (lag, freshness, run log, "
        + "schedules); their gauges keep the last value measured").tag("probe", probe).register(registry);
  }
}
