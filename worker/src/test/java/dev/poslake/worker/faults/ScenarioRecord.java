package dev.poslake.worker.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends a scenario's measured outcome as a row of the table in docs/reliability.md to
 * {@code target/reliability/results.md} (and prints it), so the documented figures are the measured ones.
 */
final class ScenarioRecord {
  static final Path FILE = Path.of("target", "reliability", "results.md");

  private ScenarioRecord() {}

  /**
   * @param fault   what was injected, and where it landed
   * @param outcome what the pipeline did (runs, retries, verify)
   * @param counts  rows lost / doubled per layer
   * @param seconds from the fault (or restart) to the first completed ETL run after it; for a fault that lasts
   *     the whole run, the run's time
   */
  static void write(String fault, String outcome, LayerChecker.Counts counts, double seconds) {
    String row = String.format(java.util.Locale.ROOT, "| %s | %s | %d / %d | %d / %d | %d / %d | %.0f s | %s |%n",
        fault, outcome, counts.bronze().lost(), counts.bronze().doubled(), counts.silver().lost(),
        counts.silver().doubled(), counts.goldMismatches(), counts.truthMismatches(), seconds, Instant.now());
    System.out.print("reliability: " + row);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
