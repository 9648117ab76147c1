package dev.poslake.worker.cli;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: where the data lives and which config file to read. */
public final class CommonOptions {
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "State of the embedded stack (default: $POS_DATA_DIR or ./data).")
  Path dataDir;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with settings (see README, Configuration); env vars win over it.")
  Path configFile;

  /** Defaults < config file < environment < command-line options. */
  public PosConfig load(Map<String, String> commandLine) {
    Map<String, String> explicit = new HashMap<>(commandLine);
    if (dataDir != null) explicit.put(PosSettings.DATA_DIR.key(), dataDir.toString());
    return PosConfig.load(configFile, System.getenv(), explicit);
  }

  public PosConfig load() {
    return load(Map.of());
  }
}
