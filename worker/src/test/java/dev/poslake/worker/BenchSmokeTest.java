package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.worker.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps `pos bench` working: a tiny run (N = 10,000 over 2,000 items, N more on the warm JVM, 2 x 1,000 gold
 * pairs, a scale phase of 4 x 300 pairs, one extra `pos worker` JVM) prints the table and writes JSON with every
 * phase and who ran what. No timing assertions: the figures come from real benchmark runs (docs/benchmarks.md).
 */
class BenchSmokeTest {
  @Test
  void tinyBenchRunsAndReportsEveryPhase(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("bench.json");
    Result r = CliRunner.run("bench", "--transactions", "10000", "--stores", "2", "--items", "1000",
        "--touch-keys", "100", "--sim-items", "2000", "--scale-stores", "4", "--scale-items", "300",
        "--scale-sample-files", "1", "--touches", "3", "--workers", "1", "--out", json.toString());
    assertEquals(0, r.code(), r.toString());
    for (String heading : new String[] {"1. ingest", "2. etl", "2b. the same again", "3. gold at scale", "4. scale", "5. memory", "6. work by worker"}) {
      assertTrue(r.out().contains(heading), heading + "\n" + r);
    }
    JsonNode report = new ObjectMapper().readTree(Files.readString(json));
    for (String phase : new String[] {"ingest", "etl", "warm", "gold", "scale"}) {
      assertTrue(report.has(phase), phase);
      assertTrue(report.get(phase).get("memory").get("peakHeapUsedMb").asLong() > 0, phase);
    }
    assertTrue(report.get("ingest").get("transactions").asLong() >= 10_000);
    for (String step : new String[] {"bronze", "silver", "snapshots", "gold", "maintenance"}) {
      assertTrue(report.get("etl").get("steps").has(step), step);
    }
    JsonNode bronze = report.get("etl").get("steps").get("bronze");
    assertTrue(bronze.get("cpuSeconds").asDouble() > 0, bronze.toString());
    assertTrue(bronze.get("payloadBytes").asLong() > 100L * bronze.get("rowsIn").asLong(), "messages are JSON");
    assertTrue(r.out().contains("MB per CPU second"), r.out());
    // the ETL's CPU, and the JIT compilers' share of it (Linux: /proc), on each ETL line
    assertTrue(report.get("etl").get("cpuSeconds").asDouble() > 0, report.get("etl").toString());
    if (System.getProperty("os.name").startsWith("Linux")) {
      double jit = report.get("etl").get("jitCpuSeconds").asDouble();
      assertTrue(jit > 0 && jit < report.get("etl").get("cpuSeconds").asDouble(), report.get("etl").toString());
      assertTrue(r.out().contains("of which the JIT compilers"), r.out());
    }
    // the warm run: N more transactions through the same JVM, every one of them through bronze again
    JsonNode warm = report.get("warm");
    assertTrue(warm.get("ingest").get("transactions").asLong() >= 10_000, warm.toString());
    assertEquals(warm.get("ingest").get("kafkaMessages").asLong(),
        warm.get("steps").get("bronze").get("rowsIn").asLong(), "bronze read exactly the new messages");
    assertTrue(warm.get("steps").get("bronze").get("cpuSeconds").asDouble() > 0, warm.toString());
    assertEquals(100, report.get("gold").get("touchKeys").asInt());
    assertEquals(0, report.get("gold").get("verifyMismatches").asLong(), "gold == full recomputation");
    assertTrue(report.get("gold").get("touch").get("goldKeysTouched").asLong() >= 100);
    // a second touch merges into stores that carry the first one's files; verify runs after both
    assertTrue(report.get("gold").get("secondTouch").get("goldKeysTouched").asLong() >= 100);
    assertTrue(report.get("gold").has("secondIncrementalGoldMergeSeconds"));
    // --touches 3: every touch's gold step and CPU, in both gold phases
    for (String phase : new String[] {"gold", "scale"}) {
      assertEquals(3, report.get(phase).get("touchGoldSeconds").size(), phase);
      assertEquals(3, report.get(phase).get("touchRunsCpuSeconds").size(), phase);
      assertEquals(3, report.get(phase).get("touchRunsJitCpuSeconds").size(), phase);
    }
    assertTrue(r.out().contains("all 3 touches"), r.out());
    // the scale phase: 1 recount file through the snapshot step, 3 stores bulk-loaded, gold of 4 x 300 pairs
    assertEquals(3, report.get("scale").get("bulkLoadedStores").asInt());
    assertTrue(report.get("scale").get("goldRows").asLong() >= 1200, "gold holds the 4 x 300 pairs too");
    assertEquals(100, report.get("scale").get("touchKeys").asInt());
    assertEquals(0, report.get("scale").get("verifyMismatches").asLong(), "scale: gold == full recomputation");
    // --workers 1: a `pos worker` JVM shares the runs with the bench's own worker; the histories say who ran what
    JsonNode work = report.get("workers");
    assertTrue(work.get("activitiesByWorker").size() >= 2, "activities on both workers: " + work);
    assertTrue(work.get("unitsByStep").has("GoldFanOutMergeBucket"), "gold buckets named: " + work);
    assertTrue(work.get("unitsByStep").get("BronzeIngest").toString().contains("partition"), work.toString());
  }
}
