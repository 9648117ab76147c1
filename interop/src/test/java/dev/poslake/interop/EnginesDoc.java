package dev.poslake.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spark recipes of docs/engines.md, as the check runs them: the doc's shell blocks are run by bash (the block
 * that reads the stack's S3 settings, then the block that builds the option array) and the array's
 * {@code --packages} and {@code --conf} values become the Spark session's settings. Only the lines that would start
 * Spark ({@code spark-sql ...}, {@code pyspark ...}) are left out; the check starts Spark in-process instead.
 */
final class EnginesDoc {
  /** The options of one Spark recipe: the Maven coordinates of --packages and the --conf settings, in order. */
  record SparkOptions(List<String> packages, Map<String, String> conf) {}

  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern QUERY = Pattern.compile("^spark-sql \"\\$\\{(\\w+)\\[@]}\" -e '([^']*)'$",
      Pattern.MULTILINE);

  private final Path file;
  private final String text;

  EnginesDoc(Path file) throws IOException {
    this.file = file;
    this.text = Files.readString(file, StandardCharsets.UTF_8);
  }

  String text() {
    return text;
  }

  /** The fenced sh block that contains {@code marker}; fails if there is not exactly one. */
  String shBlock(String marker) {
    List<String> found = new ArrayList<>();
    Matcher m = SH_BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).contains(marker)) found.add(m.group(1));
    }
    if (found.size() != 1) throw new AssertionError(file + ": " + found.size() + " sh blocks contain " + marker);
    return found.get(0);
  }

  /** The query of the doc's {@code spark-sql "${ARRAY[@]}" -e '...'} line for that array. */
  String sparkSqlQuery(String array) {
    Matcher m = QUERY.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(array)) return m.group(2);
    }
    throw new AssertionError(file + " has no line spark-sql \"${" + array + "[@]}\" -e '...'");
  }

  /**
   * The doc's block that reads the stack's S3 settings, then the block that defines bash array {@code array},
   * without the lines that start Spark.
   */
  String shellFor(String array) {
    String arrayBlock = shBlock(array + "=(").lines()
        .filter(l -> !l.startsWith("spark-sql ") && !l.startsWith("pyspark "))
        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    return shBlock("pos_stack()") + arrayBlock;
  }

  /** Without the settings of the test's environment that would help Spark where the recipe must (e.g. the region). */
  static void cleanEnvironment(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("POS_") || k.startsWith("SPARK_"));
  }

  /**
   * Runs the doc's stack block and the block defining bash array {@code array} with {@code env}, and returns the
   * array's options.
   */
  SparkOptions sparkOptions(String array, Map<String, String> env) throws IOException, InterruptedException {
    String script = "set -euo pipefail\n" + shellFor(array) + "printf '%s\\0' \"${" + array + "[@]}\"\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT);
    cleanEnvironment(pb.environment());
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("bash failed on the blocks of " + file + ":\n" + script);
    }
    String[] args = new String(out, StandardCharsets.UTF_8).split("\0");
    List<String> packages = new ArrayList<>();
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) throw new AssertionError(array + ": option without a value: " + args[i]);
      String value = args[i + 1];
      switch (args[i]) {
        case "--packages" -> packages.addAll(List.of(value.split(",")));
        case "--conf" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) throw new AssertionError(array + ": --conf without key=value: " + value);
          if (value.substring(eq + 1).isEmpty()) throw new AssertionError(array + ": empty value: " + value);
          conf.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new AssertionError(array + ": an option the check does not know: " + args[i]);
      }
    }
    return new SparkOptions(packages, conf);
  }
}
