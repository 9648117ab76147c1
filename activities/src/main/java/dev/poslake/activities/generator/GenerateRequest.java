package dev.poslake.activities.generator;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;

/**
 * Input of one generator run, built by the workflow.
 *
 * @param requestId workflow id + run id: a retry of the same run carries the same id and gets the stored result
 * @param nowEpochMillis the workflow's Workflow.currentTimeMillis(), so activity retries see the same "now"
 * @param speed simulated ms per wall ms
 * @param transactionsPerHour per store per simulated hour
 * @param stores physical stores (0: those of store.txt); only used when the state is created
 * @param simMinutes if set, simulate exactly this many minutes instead of the wall-clock elapsed time
 * @param simStartEpochMillis if set, the simulated start of a fresh state (default: now, truncated to the minute)
 */
public record GenerateRequest(String requestId, long nowEpochMillis, double speed, int transactionsPerHour,
    long seed, int stores, Integer simMinutes, Long simStartEpochMillis) {

  public GenerateRequest {
    if (requestId == null || requestId.isBlank()) throw new IllegalArgumentException("requestId is required");
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0");
    if (transactionsPerHour <= 0) throw new IllegalArgumentException("transactionsPerHour must be > 0");
    if (simMinutes != null && simMinutes < 0) throw new IllegalArgumentException("simMinutes must be >= 0");
  }

  /** A request with the generator settings of the configuration. */
  public static GenerateRequest fromConfig(PosConfig config, String requestId, long nowEpochMillis,
      Integer simMinutes, Long simStartEpochMillis) {
    return new GenerateRequest(requestId, nowEpochMillis, config.get(PosSettings.GENERATOR_SPEED),
        config.get(PosSettings.GENERATOR_TX_PER_HOUR), config.get(PosSettings.GENERATOR_SEED),
        config.get(PosSettings.GENERATOR_STORES), simMinutes, simStartEpochMillis);
  }
}
