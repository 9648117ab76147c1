package dev.poslake.worker.cli;

import dev.poslake.config.PosSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Generator settings as command-line options; they override config file and environment. */
public final class GeneratorSettingsOptions {
  @Option(names = "--stores", paramLabel = "N",
      description = "Physical stores to simulate (default: those of store.txt; more adds store_002, ...).")
  Integer stores;

  @Option(names = "--speed", paramLabel = "X", description = "Simulated time runs X times faster (default 10).")
  Double speed;

  @Option(names = "--tx-per-hour", paramLabel = "N", description = "Transactions per store per simulated hour.")
  Integer transactionsPerHour;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (same seed, same transactions).")
  Long seed;

  Map<String, String> overrides() {
    Map<String, String> m = new HashMap<>();
    if (stores != null) m.put(PosSettings.GENERATOR_STORES.key(), stores.toString());
    if (speed != null) m.put(PosSettings.GENERATOR_SPEED.key(), speed.toString());
    if (transactionsPerHour != null) m.put(PosSettings.GENERATOR_TX_PER_HOUR.key(), transactionsPerHour.toString());
    if (seed != null) m.put(PosSettings.GENERATOR_SEED.key(), seed.toString());
    return m;
  }
}
