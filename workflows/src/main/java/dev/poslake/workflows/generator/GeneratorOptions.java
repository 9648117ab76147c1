package dev.poslake.workflows.generator;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;

/**
 * The generator's settings, carried in the workflow input (not read from each worker's config) so that every
 * worker on the task queue simulates the same thing.
 *
 * @param simMinutes simulate exactly this many minutes (null: the wall time since the last run × speed)
 * @param simStartEpochMillis simulated start of a fresh state (null: now, truncated to the minute)
 */
public record GeneratorOptions(double speed, int transactionsPerHour, long seed, int stores, Integer simMinutes,
    Long simStartEpochMillis) {

  /**
   * The configured settings. A fresh simulation starts one interval of simulated time before now, so the very
   * first run already publishes transactions after the initial recount (not just the recount).
   */
  public static GeneratorOptions from(PosConfig config, long nowEpochMillis) {
    double speed = config.get(PosSettings.GENERATOR_SPEED);
    long firstInterval = (long) (config.get(PosSettings.GENERATOR_INTERVAL).toMillis() * speed);
    long start = (nowEpochMillis - firstInterval) / 60_000 * 60_000;
    return new GeneratorOptions(speed, config.get(PosSettings.GENERATOR_TX_PER_HOUR),
        config.get(PosSettings.GENERATOR_SEED), config.get(PosSettings.GENERATOR_STORES), null, start);
  }

  public GeneratorOptions withSimMinutes(Integer minutes) {
    return new GeneratorOptions(speed, transactionsPerHour, seed, stores, minutes, simStartEpochMillis);
  }
}
