package dev.poslake.interop;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;

/**
 * {@code spark-submit} as a user runs it with the doc's option array: a new JVM running Spark's own
 * {@code SparkSubmit} on a class path of Spark alone (no Iceberg, no SQLite driver), so {@code --packages} must fetch
 * them (through Ivy, from the local Maven repository or Maven Central) and Spark must load the JDBC driver from them.
 */
final class SparkSubmit {
  private SparkSubmit() {}

  /** Runs {@code script} (the doc's blocks), then spark-submit with {@code "${array[@]}"}; returns stdout. */
  static String run(EnginesDoc doc, String array, Map<String, String> env, Path work, String sql)
      throws IOException, InterruptedException {
    Path jar = work.resolve("spark-sql-main.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      String entry = SparkSqlMain.class.getName().replace('.', '/') + ".class";
      out.putNextEntry(new JarEntry(entry));
      try (var in = SparkSqlMain.class.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(out);
      }
    }
    String sparkOnly = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).stream()
        .filter(p -> !p.contains("iceberg") && !p.contains("sqlite") && !p.endsWith("test-classes"))
        .collect(Collectors.joining(java.io.File.pathSeparator));
    // the options Spark's launcher script gives the JVM on Java 17+: those of this test JVM
    String jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.") || a.startsWith("-Dio.netty"))
        .map(a -> "'" + a + "'").collect(Collectors.joining(" "));
    String script = "set -euo pipefail\n" + doc.shellFor(array)
        + "exec '" + java() + "' -Xmx1g " + jvmOptions + " -cp \"$SPARK_CLASSPATH\" org.apache.spark.deploy.SparkSubmit"
        + " --master 'local[1]' --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1"
        + " --conf spark.driver.bindAddress=127.0.0.1 --conf \"spark.jars.ivy=$IVY_DIR\""
        + " \"${" + array + "[@]}\" --class " + SparkSqlMain.class.getName() + " '" + jar + "' \"$QUERY\"\n";
    Path out = work.resolve("spark-submit-" + array + ".out");
    Path err = work.resolve("spark-submit-" + array + ".err");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectOutput(out.toFile()).redirectError(err.toFile());
    EnginesDoc.cleanEnvironment(pb.environment());
    pb.environment().putAll(env);
    pb.environment().put("SPARK_CLASSPATH", sparkOnly);
    pb.environment().put("IVY_DIR", work.resolve("ivy").toString());
    pb.environment().put("QUERY", sql);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("spark-submit still running after 10 min; see " + err);
    }
    if (p.exitValue() != 0) throw new AssertionError("spark-submit exited " + p.exitValue() + ":\n" + PosCli.tail(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
