package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.GoldAccumulator;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.snapshot.SnapshotRecords;
import dev.poslake.activities.generator.GeneratorState;
import dev.poslake.activities.generator.GroundTruth;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Checks {@code current_inventory} two ways:
 * <ol>
 *   <li>against a full recomputation with the SPEC's gold rule from the same inputs the gold commit says it
 *       consumed (per bucket of stores, the silver and latest-snapshot snapshot ids in its summary,
 *       {@link GoldPosition}), so a run in progress elsewhere cannot cause false alarms. Store by store: memory is bounded by one store's pairs, never by history;</li>
 *   <li>against the generator's true stock ({@link GroundTruth}) at its clock. Only meaningful when the ETL has
 *       consumed everything the generator produced up to that clock (the caller ensures it, e.g. runs the ETL
 *       until bronze reaches the Kafka end offsets and no recount file is pending); pairs absent from the
 *       generator (other stores, replayed data) are not compared.</li>
 * </ol>
 */
public final class GoldVerifier {
  private final PipelineResources resources;
  private final Consumer<String> progress;
  private int maxExamples = 20;
  private boolean compareTruth = true;

  public GoldVerifier(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  public GoldVerifier maxExamples(int n) {
    this.maxExamples = n;
    return this;
  }

  /** Whether to compare with the generator's true stock (when its state exists). Default true. */
  public GoldVerifier compareTruth(boolean on) {
    this.compareTruth = on;
    return this;
  }

  private final class Tally {
    long compared;
    long mismatches;
    long missing;
    long extra;
    long truthCompared;
    long truthMismatches;
    final List<String> examples = new ArrayList<>();
    long[] goldKeys = new long[1024];
    int goldKeyCount;

    void example(String s) {
      if (examples.size() < maxExamples) examples.add(s);
    }

    void goldKey(long k) {
      if (goldKeyCount == goldKeys.length) goldKeys = Arrays.copyOf(goldKeys, goldKeys.length * 2);
      goldKeys[goldKeyCount++] = k;
    }
  }

  public VerifyReport verify() {
    Table gold = load(CurrentInventoryTable.NAME);
    Table latest = load(LatestInventorySnapshotTable.NAME);
    Table silver = load(InventoryChangeTable.NAME);
    Snapshot goldSnap = gold.currentSnapshot();
    // each store against the inputs its bucket's rows were computed from (buckets may stand at different positions)
    GoldPosition position = GoldPosition.read(gold);
    Optional<GeneratorState> truth = compareTruth ? GroundTruth.load(resources.objectStore()) : Optional.empty();
    Tally t = new Tally();
    Set<Integer> stores = new TreeSet<>();
    for (GoldPosition.Inputs p : position.distinct()) stores.addAll(GoldRecords.partitionStores(latest, p.latest()));
    stores.addAll(GoldRecords.partitionStores(gold, goldSnap == null ? null : goldSnap.snapshotId()));
    for (int store : stores) {
      GoldPosition.Inputs inputs = position.forStore(store);
      Map<Long, GoldRow> expected = recompute(latest, inputs.latest(), silver, inputs.silver(), store);
      Map<Long, GoldRow> actual = new HashMap<>();
      if (goldSnap != null) {
        TableReader.of(gold).snapshot(goldSnap.snapshotId())
            .where(Expressions.equal(CurrentInventoryTable.STORE_ID, store))
            .forEach(r -> {
              GoldRow g = GoldRecords.gold(r);
              actual.put(PairKey.of(g.storeId(), g.itemId()), g);
            });
      }
      compare(t, expected, actual);
      truth.ifPresent(state -> compareTruth(t, state, actual));
      progress.accept("verify: store " + store);
    }
    truth.ifPresent(state -> truthMissingFromGold(t, state));
    boolean ok = t.mismatches == 0 && t.truthMismatches == 0;
    return new VerifyReport(t.compared, t.mismatches, t.truthCompared, t.truthMismatches, t.examples, ok, t.missing,
        t.extra, truth.map(s -> s.clock().toString()).orElse(""));
  }

  /** The gold rule over one store, from the latest rows as of latestId and the silver rows as of silverId. */
  Map<Long, GoldRow> recompute(Table latest, Long latestId, Table silver, Long silverId, int store) {
    Map<Long, GoldAccumulator> acc = new HashMap<>();
    Instant minS = null;
    if (latestId != null) {
      for (Record r : TableReader.of(latest).snapshot(latestId)
          .where(Expressions.equal(LatestInventorySnapshotTable.STORE_ID, store)).list()) {
        SnapshotRow s = SnapshotRecords.fromLatest(r);
        acc.put(s.pairKey(), GoldAccumulator.start(s));
        if (minS == null || s.dateTime().isBefore(minS)) minS = s.dateTime();
      }
    }
    if (silverId != null && minS != null) {
      try (CloseableIterable<Record> rows = IcebergGenerics.read(silver).useSnapshot(silverId)
          .select(GoldRecords.CHANGE_COLUMNS)
          .where(Expressions.and(Expressions.equal(InventoryChangeTable.STORE_ID, store),
              Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, StoreMerge.micros(minS))))
          .build()) {
        for (Record r : rows) {
          var c = GoldRecords.change(r);
          GoldAccumulator a = acc.get(PairKey.of(c.storeId(), c.itemId()));
          if (a != null) a.accept(c);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<Long, GoldRow> out = new HashMap<>();
    acc.forEach((k, a) -> out.put(k, a.result()));
    return out;
  }

  private void compare(Tally t, Map<Long, GoldRow> expected, Map<Long, GoldRow> actual) {
    for (Map.Entry<Long, GoldRow> e : expected.entrySet()) {
      t.compared++;
      GoldRow a = actual.get(e.getKey());
      if (a == null) {
        t.missing++;
        t.mismatches++;
        t.example("missing from gold: expected " + e.getValue());
      } else if (!a.equals(e.getValue())) {
        t.mismatches++;
        t.example("gold differs: expected " + e.getValue() + ", actual " + a);
      }
    }
    for (Map.Entry<Long, GoldRow> e : actual.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        t.compared++;
        t.extra++;
        t.mismatches++;
        t.example("extra in gold: " + e.getValue());
      }
    }
  }

  private void compareTruth(Tally t, GeneratorState state, Map<Long, GoldRow> actual) {
    for (GoldRow g : actual.values()) {
      t.goldKey(PairKey.of(g.storeId(), g.itemId()));
      OptionalInt q = state.trueStock(g.storeId(), g.itemId());
      if (q.isEmpty()) continue;
      t.truthCompared++;
      if (q.getAsInt() != g.currentInventory()) {
        t.truthMismatches++;
        t.example("differs from true stock at " + state.clock() + ": store " + g.storeId() + " item " + g.itemId()
            + " true " + q.getAsInt() + ", gold current_inventory " + g.currentInventory());
      }
    }
  }

  private void truthMissingFromGold(Tally t, GeneratorState state) {
    long[] keys = Arrays.copyOf(t.goldKeys, t.goldKeyCount);
    Arrays.sort(keys);
    state.forEachTrueStock((store, item, qty) -> {
      if (Arrays.binarySearch(keys, PairKey.of(store, item)) < 0) {
        t.truthCompared++;
        t.truthMismatches++;
        t.example("simulated pair missing from gold: store " + store + " item " + item + " true " + qty);
      }
    });
  }

  private Table load(String name) {
    // ensure: a merge or verify before the first table set-up sees empty tables rather than failing
    Table t = dev.poslake.catalog.tables.PosTables.byName(name).ensure(resources.catalog(), resources.namespace());
    t.refresh();
    return t;
  }
}
