package dev.poslake.worker.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.PipelineLag;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.activities.generator.LocalFilePublisher;
import dev.poslake.activities.generator.ReplayResult;
import dev.poslake.activities.generator.ReplayRequest;
import dev.poslake.activities.verify.GeneratorTruthCheck;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.PipelineWorker;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.generator.GeneratorOptions;
import dev.poslake.workflows.generator.GeneratorWorkflow;
import dev.poslake.workflows.schedule.RunTrigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: after any random interleaving of generator runs, duplicate publishes, replays and (capped) ETL runs,
 * once the ETL has caught up, gold == full recomputation == the generator's true stock, for every pair.
 *
 * <p>Each seed gets its own lane (topic, bucket, namespace, task queue). The lane's reference files are the seed
 * files cut to the first {@value #ITEMS} items (so a full recount is small and the test fast) with store_002
 * added to store.txt. The generator (GeneratorWorkflow on Temporal, fixed sim-minutes per run) simulates the
 * online store and store_001 only; <b>replays go to store_002</b> (a demo-format recount file once, then demo
 * change files, some transactions replayed again), which the generator does not simulate: replayed rows change
 * gold (checked against the full recomputation and against a model computed here) but the truth comparison
 * excludes store_002, so truth is compared in every seed, replays included. Duplicate publishes re-send the
 * bytes and key of records read back from Kafka.
 */
@ExtendWith(PosStackExtension.class)
class EtlPropertyTest {
  static final int ITEMS = 300;
  static final int REPLAY_STORE = 2;
  static final int REPLAY_ITEMS = 20; // recounted in store 2; replayed changes also hit a few others
  static final Instant SIM_START = Instant.parse("2026-11-25T08:00:00Z");
  static final Instant REPLAY_RECOUNT = Instant.parse("2026-11-25T09:00:00Z");
  static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  static final int STEPS = 8;
  static final int TX_PER_HOUR = 4;
  static final int RECOUNT_MINUTES = 5 * 24 * 60;

  enum Step { GENERATE, ETL, DUPLICATES, REPLAY }

  /** Seeds: {@code -De2e.seeds=7,1234} to choose (default three). */
  static java.util.stream.LongStream seeds() {
    return java.util.Arrays.stream(System.getProperty("e2e.seeds", "7,1234,99991").split(","))
        .mapToLong(x -> Long.parseLong(x.trim()));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void goldEqualsRecomputationAndTruthAfterRandomInterleavings(long seed, PosConfig config, @TempDir Path dir)
      throws Exception {
    Random rnd = new Random(seed);
    List<Step> steps = plan(rnd);
    int generatorRunsLeft = (int) steps.stream().filter(Step.GENERATE::equals).count();
    int simulated = 0;
    int recountRuns = 0;
    List<String> log = new ArrayList<>();
    try (Lane lane = Lane.open(config, "prop" + seed, ITEMS, REPLAY_STORE, Map.of(), PipelineWorker::register)) {
      Replays replays = new Replays(lane, rnd, dir);
      for (Step step : steps) {
        switch (step) {
          case GENERATE -> {
            // 10 h .. ~2 days at a low rate (few messages); the last run crosses the 5-day recount (with
            // changes before and after it), so a second full recount supersedes what gold holds
            int minutes = 600 + rnd.nextInt(2400);
            if (--generatorRunsLeft == 0 && simulated + minutes <= RECOUNT_MINUTES) {
              minutes = RECOUNT_MINUTES - simulated + 60 + rnd.nextInt(600);
            }
            simulated += minutes;
            GenerateResult r = lane.workflow(GeneratorWorkflow.class, "gen").run(RunTrigger.manual("e2e"),
                new GeneratorOptions(1, TX_PER_HOUR, seed, 1, minutes, SIM_START.toEpochMilli()));
            if (r.recountFiles() > 0) recountRuns++;
            log.add("generate " + minutes + " min: " + r);
          }
          case ETL -> {
            // a random cap; sometimes compaction at 2 files and expiry of every snapshot the steps allow
            int cap = 3 + rnd.nextInt(30);
            EtlOptions d = EtlOptions.from(lane.config);
            boolean aggressive = rnd.nextBoolean();
            EtlOptions o = aggressive ? new EtlOptions(cap, 2, d.targetFileBytes(), 0, 1, false) : d.withMaxOffsetsPerPartition(cap);
            var s = lane.etl(o);
            log.add("etl cap " + cap + (aggressive ? " compact+expire" : "") + ": lag left " + s.remainingLag()
                + ", silver " + s.silver().transactionParts() + " parts, " + s.silver().duplicatesDropped()
                + " duplicates, gold " + s.gold());
          }
          case DUPLICATES -> {
            List<ConsumerRecord<byte[], byte[]>> all = lane.readTopic();
            int n = all.isEmpty() ? 0 : 1 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
              ConsumerRecord<byte[], byte[]> r = all.get(rnd.nextInt(all.size()));
              lane.send(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value());
            }
            lane.flush();
            log.add("re-published " + n + " of " + all.size() + " records");
          }
          case REPLAY -> log.add("replay: " + replays.next());
        }
      }
      int runs = 0;
      while (!PipelineLag.measure(lane.resources).caughtUp()) {
        if (++runs > 10) throw new AssertionError("not caught up after 10 ETL runs: " + log);
        lane.etl();
      }
      log.add("caught up after " + runs + " more ETL runs");
      String history = "seed " + seed + ": " + String.join("; ", log);
      System.out.println(history);

      VerifyReport report = new GoldVerifier(lane.resources, m -> { })
          .compareWith(GeneratorTruthCheck.source(lane.resources.objectStore())).verify();
      assertTrue(report.ok(), report + "\n" + history);
      assertEquals(2L * ITEMS, report.truthPairsCompared(), "online + store_001, every item: " + history);
      assertEquals(2L * ITEMS + (replays.recounted() ? REPLAY_ITEMS : 0), report.pairsCompared(), history);
      assertEquals(2, recountRuns, "initial recount + the 5-day recount: " + history);
      assertEquals(replays.expectedGold(), replays.actualGold(), "store_002 vs the replay model: " + history);
    }
  }

  /**
   * STEPS steps: a generator run first, then in random order a second generator run, an ETL run, a duplicate
   * publish, two replays (the second replays some transactions of the first again) and random others.
   */
  private static List<Step> plan(Random rnd) {
    List<Step> rest = new ArrayList<>(List.of(Step.GENERATE, Step.ETL, Step.DUPLICATES, Step.REPLAY, Step.REPLAY));
    while (rest.size() < STEPS - 1) {
      int k = rnd.nextInt(10);
      rest.add(k < 3 ? Step.GENERATE : k < 7 ? Step.ETL : k < 9 ? Step.DUPLICATES : Step.REPLAY);
    }
    java.util.Collections.shuffle(rest, rnd);
    List<Step> steps = new ArrayList<>(List.of(Step.GENERATE));
    steps.addAll(rest);
    return steps;
  }

  /** Demo-format replays into store_002, and the gold rule's result for them, computed independently. */
  private static final class Replays {
    private final Lane lane;
    private final Random rnd;
    private final Path dir;
    private final Map<Integer, Integer> recount = new TreeMap<>();
    /** trans_id -> (time, [item, qty, ...]), each transaction once however often replayed. */
    private final Map<String, Object[]> transactions = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private int files;

    Replays(Lane lane, Random rnd, Path dir) {
      this.lane = lane;
      this.rnd = rnd;
      this.dir = dir;
    }

    boolean recounted() {
      return !recount.isEmpty();
    }

    String next() throws Exception {
      List<String> snapshotFiles = new ArrayList<>();
      if (recount.isEmpty()) {
        StringBuilder csv = new StringBuilder("item_id,employee_id,store_id,date_time,quantity\n");
        for (int i = 0; i < REPLAY_ITEMS; i++) {
          int q = rnd.nextInt(50);
          recount.put(100001 + i, q);
          csv.append(100001 + i).append(",777,").append(REPLAY_STORE).append(',')
              .append(CSV_TIME.format(REPLAY_RECOUNT)).append(',').append(q).append('\n');
        }
        Path f = dir.resolve("snapshot.csv");
        Files.writeString(f, csv);
        snapshotFiles.add(f.toString());
      }
      // some earlier transactions again (whole, so every copy is identical), then new ones
      List<String> again = new ArrayList<>();
      if (!lines.isEmpty()) {
        List<String> ids = new ArrayList<>(transactions.keySet());
        for (int i = 0; i < 2; i++) again.add(ids.get(rnd.nextInt(ids.size())));
      }
      StringBuilder csv = new StringBuilder("trans_id,item_id,store_id,date_time,quantity,change_type_id\n");
      for (String line : lines) {
        if (again.stream().anyMatch(line::startsWith)) csv.append(line).append('\n');
      }
      int fresh = 3 + rnd.nextInt(6);
      for (int t = 0; t < fresh; t++) {
        String id = "{" + UUID.randomUUID().toString().toUpperCase() + "}";
        // 08:00..11:00: some before the 09:00 recount (not counted)
        Instant time = SIM_START.plusSeconds(rnd.nextInt(3 * 3600));
        boolean restock = rnd.nextInt(5) == 0;
        int n = 1 + rnd.nextInt(3);
        int[] itemQty = new int[2 * n];
        for (int l = 0; l < n; l++) {
          int item = 100001 + rnd.nextInt(REPLAY_ITEMS + 3); // a few pairs without a recount
          int qty = restock ? 1 + rnd.nextInt(10) : -(1 + rnd.nextInt(3));
          itemQty[2 * l] = item;
          itemQty[2 * l + 1] = qty;
          String line = id + "," + item + "," + REPLAY_STORE + "," + CSV_TIME.format(time) + "," + qty + ","
              + (restock ? 3 : 1);
          lines.add(line);
          csv.append(line).append('\n');
        }
        transactions.put(id, new Object[] {time, itemQty});
      }
      Path f = dir.resolve("changes-" + (++files) + ".csv");
      Files.writeString(f, csv);
      ReplayResult result;
      try (LocalFilePublisher publisher = new LocalFilePublisher(lane.resources)) {
        result = publisher.replay(new ReplayRequest(List.of(f.toString()), snapshotFiles));
      }
      return again.size() + " again + " + fresh + " new transactions, " + result;
    }

    /** store_002's gold by the SPEC's rule: "snapshot,change,current,date_time" per recounted item. */
    Map<Integer, String> expectedGold() {
      Map<Integer, String> out = new TreeMap<>();
      recount.forEach((item, q) -> {
        long change = 0;
        Instant newest = REPLAY_RECOUNT;
        for (Object[] tx : transactions.values()) {
          Instant time = (Instant) tx[0];
          int[] itemQty = (int[]) tx[1];
          if (time.isBefore(REPLAY_RECOUNT)) continue;
          for (int i = 0; i < itemQty.length; i += 2) {
            if (itemQty[i] == item) {
              change += itemQty[i + 1];
              if (time.isAfter(newest)) newest = time;
            }
          }
        }
        out.put(item, q + "," + change + "," + (q + change) + "," + newest);
      });
      return out;
    }

    Map<Integer, String> actualGold() {
      Map<Integer, String> out = new TreeMap<>();
      for (Record r : lane.rows(CurrentInventoryTable.NAME)) {
        if (!r.getField(CurrentInventoryTable.STORE_ID).equals(REPLAY_STORE)) continue;
        out.put((Integer) r.getField(CurrentInventoryTable.ITEM_ID),
            r.getField(CurrentInventoryTable.SNAPSHOT_QUANTITY) + "," + r.getField(CurrentInventoryTable.CHANGE_QUANTITY)
                + "," + r.getField(CurrentInventoryTable.CURRENT_INVENTORY) + ","
                + ((OffsetDateTime) r.getField(CurrentInventoryTable.DATE_TIME)).toInstant());
      }
      return out;
    }
  }
}
