package dev.poslake.activities.etl.gold;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.GoldAccumulator;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.snapshot.SnapshotRecords;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Checks {@code current_inventory} against a full recomputation with the SPEC's gold rule from the same inputs the
 * gold commit says it consumed (per bucket of stores, the silver and latest-snapshot snapshot ids in its summary,
 * {@link GoldPosition}), so a run in progress elsewhere cannot cause false alarms. Store by store: memory is
 * bounded by one store's pairs, never by history. Optionally also against the source's true stock, in the same
 * pass ({@link #compareWith}; the generator's is in {@code dev.poslake.activities.verify}).
 */
public final class GoldVerifier {
  private final PipelineResources resources;
  private final Consumer<String> progress;
  private int maxExamples = 20;
  private TruthSource truthSource = TruthSource.NONE;

  public GoldVerifier(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  public GoldVerifier maxExamples(int n) {
    this.maxExamples = n;
    return this;
  }

  /** Also compare gold with this truth, when it has one. Default none. */
  public GoldVerifier compareWith(TruthSource source) {
    this.truthSource = source;
    return this;
  }

  private final class Tally {
    long compared;
    long mismatches;
    long missing;
    long extra;
    final List<String> examples = new ArrayList<>();

    void example(String s) {
      if (examples.size() < maxExamples) examples.add(s);
    }
  }

  public VerifyReport verify() {
    Table gold = load(CurrentInventoryTable.NAME);
    Table latest = load(LatestInventorySnapshotTable.NAME);
    Table silver = load(InventoryChangeTable.NAME);
    Snapshot goldSnap = gold.currentSnapshot();
    // each store against the inputs its bucket's rows were computed from (buckets may stand at different positions)
    GoldPosition position = GoldPosition.read(gold);
    Optional<TruthCheck> truth = truthSource.load();
    Tally t = new Tally();
    Set<Integer> stores = new TreeSet<>();
    for (GoldPosition.Inputs p : position.distinct()) stores.addAll(GoldRecords.partitionStores(latest, p.latest()));
    stores.addAll(GoldRecords.goldStores(gold, goldSnap == null ? null : goldSnap.snapshotId()));
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
      truth.ifPresent(c -> c.store(actual.values(), t::example));
      progress.accept("verify: store " + store);
    }
    truth.ifPresent(c -> c.finish(t::example));
    long truthCompared = truth.map(TruthCheck::compared).orElse(0L);
    long truthMismatches = truth.map(TruthCheck::mismatches).orElse(0L);
    boolean ok = t.mismatches == 0 && truthMismatches == 0;
    return new VerifyReport(t.compared, t.mismatches, truthCompared, truthMismatches, t.examples, ok, t.missing,
        t.extra, truth.map(TruthCheck::clock).orElse(""));
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
              Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, Timestamps.micros(minS))))
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

  private Table load(String name) {
    // ensure: a merge or verify before the first table set-up sees empty tables rather than failing
    Table t = dev.poslake.catalog.tables.PosTables.byName(name).ensure(resources.catalog(), resources.namespaceOf(name));
    t.refresh();
    return t;
  }
}
