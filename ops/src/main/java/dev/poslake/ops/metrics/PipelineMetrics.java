package dev.poslake.ops.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Prometheus registry behind {@code GET /metrics}: the Temporal SDK's metrics (through a tally scope that
 * reports into Micrometer, see {@link #temporalScope()}) and the pipeline's own metrics, which
 * {@link RunLogMetrics} updates from each {@code pipeline_runs} row and {@code LagProbe} periodically.
 */
public final class PipelineMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Scope temporalScope;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final ProbeFailures probeFailures = new ProbeFailures(registry);

  public PipelineMetrics() {
    temporalScope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(5));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Set it as the Temporal service stubs' metrics scope: SDK client and worker metrics then land here. */
  public Scope temporalScope() {
    return temporalScope;
  }

  /** Where the periodic probes report their failures ({@code pos_probe_failures_total}). */
  public ProbeFailures probeFailures() {
    return probeFailures;
  }

  /** The Prometheus text exposition of everything. */
  public String scrape() {
    return registry.scrape();
  }

  public void count(String name, String description, long amount, String... tags) {
    if (amount <= 0) return;
    Counter.builder(name).description(description).tags(tags).register(registry).increment(amount);
  }

  public void time(String name, String description, long millis, String... tags) {
    Timer.builder(name).description(description).tags(tags).register(registry)
        .record(Duration.ofMillis(Math.max(0, millis)));
  }

  /** A gauge read from a value this class holds, created on first use. */
  public void gauge(String name, String description, long value, String... tags) {
    String key = name + String.join(",", tags);
    gauges.computeIfAbsent(key, k -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder(name, holder, AtomicLong::doubleValue).description(description).tags(tags).register(registry);
      return holder;
    }).set(value);
  }

  @Override
  public void close() {
    try {
      temporalScope.close();
    } catch (Exception e) {
      // best effort: the last SDK metrics are not reported
    }
    registry.close();
  }
}
