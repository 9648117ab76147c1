package dev.poslake.worker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
    b.append("pos bench  ").append(r.get("settings")).append("  ").append(r.get("jvm")).append('\n');
    Map<String, Object> ingest = (Map<String, Object>) r.get("ingest");
    if (ingest != null) {
      b.append(String.format("%n1. ingest: %,d transactions, %,d item lines, %,d Kafka messages (%,d bytes)%n",
          ingest.get("transactions"), ingest.get("itemLines"), ingest.get("kafkaMessages"),
          ingest.get("kafkaValueBytes")));
      b.append(String.format("   publish %.1f s (%,.0f tx/s); %d recount files in %.1f s%n",
          ingest.get("publishSeconds"), ingest.get("transactionsPerSecond"), ingest.get("recountFiles"),
          ingest.get("recountSeconds")));
    }
    Map<String, Object> etl = (Map<String, Object>) r.get("etl");
    if (etl != null) {
      b.append(String.format("%n2. etl: %d run(s), %.1f s (%.1f s without maintenance)%s%n", etl.get("runs"),
          etl.get("etlSeconds"), etl.get("etlSecondsWithoutMaintenance"), cpu(etl)));
      steps(b, (Map<String, Object>) etl.get("steps"));
    }
    Map<String, Object> warm = (Map<String, Object>) r.get("warm");
    if (warm != null) {
      Map<String, Object> more = (Map<String, Object>) warm.get("ingest");
      b.append(String.format("%n2b. the same again in this JVM (warm): %,d more transactions, %,d Kafka messages"
          + " published in %.1f s; etl: %d run(s), %.1f s (%.1f s without maintenance)%s%n", more.get("transactions"),
          more.get("kafkaMessages"), more.get("publishSeconds"), warm.get("runs"), warm.get("etlSeconds"),
          warm.get("etlSecondsWithoutMaintenance"), cpu(warm)));
      steps(b, (Map<String, Object>) warm.get("steps"));
    }
    Map<String, Object> gold = (Map<String, Object>) r.get("gold");
    if (gold != null) {
      b.append(String.format("%n3. gold at scale: %,d recount rows (%d files), gold %,d rows%n",
          gold.get("recountRows"), gold.get("recountFiles"), gold.get("goldRows")));
      Map<String, Object> load = (Map<String, Object>) gold.get("load");
      b.append(String.format("   load ETL (snapshot ingest + gold): %.1f s%n", load.get("etlSeconds")));
      steps(b, (Map<String, Object>) load.get("steps"));
      touch(b, gold);
    }
    Map<String, Object> scale = (Map<String, Object>) r.get("scale");
    if (scale != null) {
      b.append(String.format("%n4. scale: gold %,d rows%n", scale.get("goldRows")));
      b.append(String.format("   recount load: %d files through the snapshot step, %s s per file (all %s files: ~%s s);"
          + " %,d stores (%,d rows) bulk-loaded in %.1f s%n", scale.get("sampleFiles"),
          fmt(scale.get("snapshotStepSecondsPerFile")), scale.get("sampleFiles") == null ? "-"
              : ((Number) scale.get("sampleFiles")).intValue() + ((Number) scale.get("bulkLoadedStores")).intValue(),
          fmt(scale.get("snapshotStepSecondsForAllFilesEstimate")), scale.get("bulkLoadedStores"),
          scale.get("bulkLoadedRows"), scale.get("bulkLoadSeconds")));
      Map<String, Object> load = (Map<String, Object>) scale.get("load");
      b.append(String.format("   gold load ETL (every store recomputed): %.1f s, %.1f s CPU%n", load.get("etlSeconds"),
          scale.get("loadCpuSeconds")));
      steps(b, (Map<String, Object>) load.get("steps"));
      touch(b, scale);
    }
    b.append(String.format("%n5. memory per phase (MiB), and the machine's load average at its end%n"
        + "   %-8s %10s %10s %10s %10s %8s%n", "phase", "seconds", "peak heap", "RSS", "RSS peak", "load"));
    for (String p : new String[] {"ingest", "etl", "warm", "gold", "scale"}) {
      Map<String, Object> ph = (Map<String, Object>) r.get(p);
      if (ph == null) continue;
      Memory.Figures m = (Memory.Figures) ph.get("memory");
      b.append(String.format("   %-8s %10.1f %10d %10d %10d %8.1f%s%n", p, ph.get("seconds"), m.peakHeapUsedMb(),
          m.rssMb(), m.rssPeakMb(), ph.get("loadAverage"), m.rssPeakResetPerPhase() ? "" : " (process peak so far)"));
    }
    workers(b, (Map<String, Object>) r.get("workers"));
    return b.toString();
  }

  /** Which worker ran which partition, group and bucket of the ETL runs. */
  @SuppressWarnings("unchecked")
  private static void workers(StringBuilder b, Map<String, Object> w) {
    if (w == null) return;
    b.append(String.format("%n6. work by worker (Temporal histories of the ETL runs)%n"));
    ((Map<String, Integer>) w.get("activitiesByWorker")).forEach((worker, n) ->
        b.append(String.format("   %-28s %5d activities%n", worker, n)));
    ((Map<String, Map<String, List<String>>>) w.get("unitsByStep")).forEach((type, byWorker) ->
        byWorker.forEach((worker, units) -> b.append(String.format("   %-22s %-28s %s%n", type, worker,
            String.join(", ", new TreeSet<>(units))))));
  }

  private static void touch(StringBuilder b, Map<String, Object> g) {
    List<?> jit = (List<?>) g.get("touchRunsJitCpuSeconds");
    b.append(String.format("   touch %,d keys: incremental gold merge %.2f s, full recomputation (verify) %.2f s,"
        + " ratio %s; CPU: touch run %s s (JIT %s s), verify %s s; verify mismatches %d%n", g.get("touchKeys"),
        g.get("incrementalGoldMergeSeconds"), g.get("fullRecomputationSeconds"), fmt(g.get("fullOverIncremental")),
        fmt(g.get("touchRunCpuSeconds")), fmtAt(jit, 0),
        fmt(g.get("fullRecomputationCpuSeconds")), g.get("verifyMismatches")));
    b.append(String.format("   the same again, the touched stores carrying the first run's files: incremental gold"
        + " merge %.2f s, CPU %.1f s (JIT %s s)%n", g.get("secondIncrementalGoldMergeSeconds"),
        g.get("secondTouchRunCpuSeconds"), fmtAt(jit, 1)));
    List<?> gold = (List<?>) g.get("touchGoldSeconds");
    List<?> cpu = (List<?>) g.get("touchRunsCpuSeconds");
    if (gold != null && gold.size() > 2) {
      StringBuilder runs = new StringBuilder();
      for (int i = 0; i < gold.size(); i++) {
        runs.append(i == 0 ? "" : ", ").append(String.format("%.2f s (CPU %s s, JIT %s s)", gold.get(i),
            fmt(cpu.get(i)), fmtAt(jit, i)));
      }
      b.append(String.format("   all %d touches, gold merge (the process's CPU over the run, and its JIT compilers'):"
          + " %s; the last is a worker's steady state%n", gold.size(), runs));
    }
  }

  /** "; CPU x s, of which the JIT compilers y s" for an ETL result, as far as measured. */
  private static String cpu(Map<String, Object> etl) {
    if (etl.get("cpuSeconds") == null) return "";
    Object jit = etl.get("jitCpuSeconds");
    return String.format("; CPU %s s%s", fmt(etl.get("cpuSeconds")),
        jit == null ? "" : ", of which the JIT compilers " + fmt(jit) + " s");
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
      if (s.containsKey("payloadMBPerCpuSecond")) {
        b.append(String.format("   %-12s Kafka payload %,d bytes, %s MB per CPU second of its activities%n", "",
            s.get("payloadBytes"), fmt(s.get("payloadMBPerCpuSecond"))));
      }
    });
  }

  /** Element {@code i} of a list of figures, formatted; "-" where the list is absent. */
  private static String fmtAt(List<?> figures, int i) {
    return figures == null ? "-" : fmt(figures.get(i));
  }

  private static String fmt(Object d) {
    return d == null ? "-" : String.format("%,.1f", ((Number) d).doubleValue());
  }
}
