package dev.poslake.activities.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Producer and consumer share contracts, never each other's code: the contracts import neither side, and the
 * ETL's recount reading (domain, snapshot step) does not import the generator.
 */
class ContractsDependencyTest {
  private static final Path MAIN = Path.of("src/main/java/dev/poslake/activities");

  @Test
  void contractsImportNeitherGeneratorNorEtl() {
    assertEquals(List.of(), importing(MAIN.resolve("contracts"), "dev.poslake.activities.generator",
        "dev.poslake.activities.etl"));
  }

  @Test
  void recountReadingDoesNotImportTheGenerator() {
    assertEquals(List.of(), importing(MAIN.resolve("etl/domain"), "dev.poslake.activities.generator"));
    assertEquals(List.of(), importing(MAIN.resolve("etl/snapshot"), "dev.poslake.activities.generator"));
  }

  private static List<String> importing(Path dir, String... packages) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
        try {
          return Files.readAllLines(f).stream().filter(l -> l.startsWith("import "))
              .filter(l -> Stream.of(packages).anyMatch(p -> l.contains(" " + p + ".") || l.contains("static " + p)))
              .map(l -> f.getFileName() + ": " + l);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
