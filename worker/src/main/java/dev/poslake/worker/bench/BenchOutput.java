package dev.poslake.worker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The bench report as a readable table (stdout) and as JSON. */
public final class BenchOutput {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchOutput() {}

  public static void writeJson(Map<String, Object> report, Path file) {
    try {
      Files.writeString(file, JSON.writeValueAsString(report) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static String table(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> ingest = (Map<String, Object>) r.get("ingest");
    Map<String, Object> etl = (Map<String, Object>) r.get("etl");
    Map<String, Object> gold = (Map<String, Object>) r.get("gold");
    b.append("pos bench  ").append(r.get("settings")).append("  ").append(r.get("jvm")).append('\n');
    b.append(String.format("%n1. ingest: %,d transactions, %,d item lines, %,d Kafka messages (%,d bytes)%n",
        ingest.get("transactions"), ingest.get("itemLines"), ingest.get("kafkaMessages"),
        ingest.get("kafkaValueBytes")));
    b.append(String.format("   publish %.1f s (%,.0f tx/s); %d recount files in %.1f s%n",
        ingest.get("publishSeconds"), ingest.get("transactionsPerSecond"), ingest.get("recountFiles"),
        ingest.get("recountSeconds")));
    b.append(String.format("%n2. etl: %d run(s), %.1f s (%.1f s without maintenance)%n", etl.get("runs"),
        etl.get("etlSeconds"), etl.get("etlSecondsWithoutMaintenance")));
    steps(b, (Map<String, Object>) etl.get("steps"));
    b.append(String.format("%n3. gold at scale: %,d recount rows (%d files), gold %,d rows%n",
        gold.get("recountRows"), gold.get("recountFiles"), gold.get("goldRows")));
    Map<String, Object> load = (Map<String, Object>) gold.get("load");
    b.append(String.format("   load ETL (snapshot ingest + gold): %.1f s%n", load.get("etlSeconds")));
    steps(b, (Map<String, Object>) load.get("steps"));
    b.append(String.format("   touch %,d keys: incremental gold merge %.2f s, full recomputation (verify) %.2f s,"
        + " ratio %s; verify mismatches %d%n", gold.get("touchKeys"), gold.get("incrementalGoldMergeSeconds"),
        gold.get("fullRecomputationSeconds"), fmt(gold.get("fullOverIncremental")), gold.get("verifyMismatches")));
    b.append(String.format("%n4. memory per phase (MiB), and the machine's load average at its end%n"
        + "   %-8s %10s %10s %10s %10s %8s%n", "phase", "seconds", "peak heap", "RSS", "RSS peak", "load"));
    for (String p : new String[] {"ingest", "etl", "gold"}) {
      Map<String, Object> ph = (Map<String, Object>) r.get(p);
      Memory.Figures m = (Memory.Figures) ph.get("memory");
      b.append(String.format("   %-8s %10.1f %10d %10d %10d %8.1f%s%n", p, ph.get("seconds"), m.peakHeapUsedMb(),
          m.rssMb(), m.rssPeakMb(), ph.get("loadAverage"), m.rssPeakResetPerPhase() ? "" : " (process peak so far)"));
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static void steps(StringBuilder b, Map<String, Object> steps) {
    b.append(String.format("   %-12s %8s %12s %12s %12s %6s %12s %8s %14s%n", "step", "seconds", "rows in",
        "rows out", "rows in/s", "files", "bytes", "cpu s", "rows in/cpu s"));
    steps.forEach((name, v) -> {
      Map<String, Object> s = (Map<String, Object>) v;
      b.append(String.format("   %-12s %8.2f %,12d %,12d %12s %6d %,12d %8s %14s%n", name, s.get("seconds"),
          s.get("rowsIn"), s.get("rowsOut"), fmt(s.get("rowsInPerSecond")), s.get("filesWritten"),
          s.get("bytesWritten"), s.containsKey("cpuSeconds") ? String.format("%.2f", s.get("cpuSeconds")) : "-",
          fmt(s.get("rowsInPerCpuSecond"))));
    });
  }

  private static String fmt(Object d) {
    return d == null ? "-" : String.format("%,.1f", ((Number) d).doubleValue());
  }
}
