package dev.poslake.ops.pipeline;

import java.time.Duration;
import java.util.Locale;

/**
 * The colour of a node on the pipeline picture, first rule that applies:
 * <ol>
 *   <li><b>failing</b> (red): the newest finished ETL run failed in the step that writes the node; a run that
 *       failed in a step that writes no node (reference, plan, maintenance) makes every node the ETL writes red.</li>
 *   <li><b>stale</b> (amber): bronze is more than {@link #LAG_STALE_RECORDS} Kafka records behind; gold is older
 *       than {@link #FRESHNESS_STALE} (source time minus its newest event); a quarantine table got rows in the
 *       newest run (someone should look at them).</li>
 *   <li><b>unknown</b> (grey): the table has no commit yet (the topic: its lag was not measured yet).</li>
 *   <li><b>ok</b> (green).</li>
 * </ol>
 */
public final class PipelineHealth {
  /** More than about one default run's worth of partitions behind (20,000 per partition x 8). */
  public static final long LAG_STALE_RECORDS = 100_000;
  /** Twelve default ETL intervals of simulated time at the generator's default speed; far past any normal run. */
  public static final Duration FRESHNESS_STALE = Duration.ofHours(2);

  public enum Health {
    OK, STALE, FAILING, UNKNOWN;

    /** As the page's CSS class and the API's value. */
    public String css() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A colour and why, in a few words for the picture. */
  public record Verdict(Health health, String reason) {}

  /**
   * What a rule looks at for one node.
   *
   * @param committed the node's table has a snapshot (or, for the Kafka topic, the lag was measured)
   * @param failedError the error of the newest finished ETL run when it failed in this node's step, else null
   * @param lagRecords Kafka records not yet in bronze (bronze only), null if not measured
   * @param freshnessMillis gold freshness (gold only), null if not measured
   * @param rejectsLastRun rows the newest ETL run put into this quarantine table (quarantine only), else null
   */
  public record Facts(boolean committed, String failedError, Long lagRecords, Long freshnessMillis,
      Long rejectsLastRun) {}

  private PipelineHealth() {}

  public static Verdict of(Facts f) {
    if (f.failedError() != null) return new Verdict(Health.FAILING, "last ETL run failed: " + f.failedError());
    if (f.lagRecords() != null && f.lagRecords() > LAG_STALE_RECORDS) {
      return new Verdict(Health.STALE, "Kafka lag above " + LAG_STALE_RECORDS + " records");
    }
    if (f.freshnessMillis() != null && f.freshnessMillis() > FRESHNESS_STALE.toMillis()) {
      return new Verdict(Health.STALE, "older than " + FRESHNESS_STALE.toHours() + " h");
    }
    if (f.rejectsLastRun() != null && f.rejectsLastRun() > 0) {
      return new Verdict(Health.STALE, "rows rejected in the last run");
    }
    if (!f.committed()) return new Verdict(Health.UNKNOWN, "no data yet");
    return new Verdict(Health.OK, "ok");
  }
}
