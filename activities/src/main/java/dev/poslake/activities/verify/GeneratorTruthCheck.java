package dev.poslake.activities.verify;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.gold.TruthCheck;
import dev.poslake.activities.etl.gold.TruthSource;
import dev.poslake.activities.generator.GeneratorState;
import dev.poslake.activities.generator.GroundTruth;
import java.util.Arrays;
import java.util.Collection;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Gold against the generator's true stock ({@link GroundTruth}) at its clock. Only meaningful when the ETL has
 * consumed everything the generator produced up to that clock (the caller ensures it, e.g. runs the ETL until
 * bronze reaches the Kafka end offsets and no recount file is pending); pairs absent from the generator (other
 * stores, replayed data) are not compared.
 */
public final class GeneratorTruthCheck implements TruthCheck {
  private final GeneratorState state;
  private long compared;
  private long mismatches;
  // every gold pair seen, for the simulated pairs missing from gold: keys only, not rows
  private long[] goldKeys = new long[1024];
  private int goldKeyCount;

  public GeneratorTruthCheck(GeneratorState state) {
    this.state = state;
  }

  /** The generator's last saved state as the truth; none before its first run. */
  public static TruthSource source(ObjectStore store) {
    return () -> GroundTruth.load(store).map(GeneratorTruthCheck::new);
  }

  @Override
  public void store(Collection<GoldRow> gold, Consumer<String> examples) {
    for (GoldRow g : gold) {
      goldKey(PairKey.of(g.storeId(), g.itemId()));
      OptionalInt q = state.trueStock(g.storeId(), g.itemId());
      if (q.isEmpty()) continue;
      compared++;
      if (q.getAsInt() != g.currentInventory()) {
        mismatches++;
        examples.accept("differs from true stock at " + state.clock() + ": store " + g.storeId() + " item "
            + g.itemId() + " true " + q.getAsInt() + ", gold current_inventory " + g.currentInventory());
      }
    }
  }

  @Override
  public void finish(Consumer<String> examples) {
    long[] keys = Arrays.copyOf(goldKeys, goldKeyCount);
    Arrays.sort(keys);
    state.forEachTrueStock((store, item, qty) -> {
      if (Arrays.binarySearch(keys, PairKey.of(store, item)) < 0) {
        compared++;
        mismatches++;
        examples.accept("simulated pair missing from gold: store " + store + " item " + item + " true " + qty);
      }
    });
  }

  @Override
  public long compared() {
    return compared;
  }

  @Override
  public long mismatches() {
    return mismatches;
  }

  @Override
  public String clock() {
    return state.clock().toString();
  }

  private void goldKey(long k) {
    if (goldKeyCount == goldKeys.length) goldKeys = Arrays.copyOf(goldKeys, goldKeys.length * 2);
    goldKeys[goldKeyCount++] = k;
  }
}
