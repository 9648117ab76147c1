package dev.poslake.activities.generator;

import dev.poslake.activities.reference.Item;
import dev.poslake.activities.reference.ReferenceData;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Advances a {@link GeneratorState} from its clock to an end instant, emitting recounts and transactions in
 * simulated-time order.
 *
 * <p>Determinism: arrival times come from a stream keyed by (seed, store, simulated hour) and each transaction's
 * content from a stream keyed by (seed, store, hour, index in hour). So a retry from the same state to the same
 * end is byte-identical, and two runs [t0,t1) + [t1,t2) emit exactly what one run [t0,t2) emits (same tx/hour).
 *
 * <p>Ordering: a recount due at T is emitted after every change stamped before T and before any change stamped
 * at or after T (gold counts changes with date_time >= S). Runs cover [clock, end); a recount due exactly at
 * end is emitted at the end of that run (all changes before it are applied), so the first run of a fresh state
 * emits the initial recount even when it covers no time.
 */
public final class Simulation {
  public static final Duration RECOUNT_EVERY = Duration.ofDays(5);
  private static final long HOUR = 3_600_000L;
  private static final long ARRIVALS = 1, CONTENT = 2, INITIAL_STOCK = 3, EMPLOYEE = 4;
  private static final int INDEX_BITS = 25, STORE_BITS = 16;

  private final List<Item> items;
  private final long seed;
  private final double txPerHourPerStore;

  public Simulation(ReferenceData reference, long seed, double txPerHourPerStore) {
    this.items = reference.items();
    this.seed = seed;
    this.txPerHourPerStore = txPerHourPerStore;
  }

  /**
   * A fresh state at {@code start} (truncated to whole seconds: recount times appear in CSV with seconds),
   * with the first full recount due at that instant and a random initial stock in [0, 4 x safety stock].
   */
  public GeneratorState initialState(int[] storeIds, Instant start, long wallMillis) {
    long startMillis = start.getEpochSecond() * 1000;
    int[] itemIds = items.stream().mapToInt(Item::itemId).toArray();
    GeneratorState s = new GeneratorState(startMillis, startMillis, wallMillis, storeIds, itemIds);
    for (int i = 0; i < storeIds.length; i++) {
      DetRandom rng = DetRandom.of(seed, INITIAL_STOCK, storeIds[i]);
      int[] row = s.stockRow(i);
      for (int p = 0; p < row.length; p++) {
        row[p] = rng.nextInt(4 * Math.max(0, items.get(p).safetyStockQuantity()) + 1);
      }
    }
    return s;
  }

  /** Runs [state.clock, end), then sets the clock to end. */
  public RunStats advance(GeneratorState state, Instant end, SimulationSink sink) {
    long endMillis = end.toEpochMilli();
    long from = state.clockMillis();
    if (endMillis < from) throw new IllegalArgumentException("end " + end + " is before the clock " + state.clock());
    if (state.storeCount() >= (1 << STORE_BITS)) throw new IllegalArgumentException("too many stores");
    RunStats stats = new RunStats();
    TransactionFactory factory = new TransactionFactory(state, items);
    if (endMillis > from) {
      for (long hour = Math.floorDiv(from, HOUR); hour <= Math.floorDiv(endMillis - 1, HOUR); hour++) {
        long hourStart = hour * HOUR;
        long[] events = arrivals(state, hour);
        for (long e : events) {
          long t = hourStart + (e >>> (INDEX_BITS + STORE_BITS));
          if (t < from) continue;
          if (t >= endMillis) break;
          recountsDue(state, t, stats, sink);
          int storeIdx = (int) ((e >>> INDEX_BITS) & ((1 << STORE_BITS) - 1));
          int index = (int) (e & ((1 << INDEX_BITS) - 1));
          DetRandom rng = DetRandom.of(seed, CONTENT, state.storeId(storeIdx), hour, index);
          factory.generate(storeIdx, Instant.ofEpochMilli(t), rng, stats, sink);
        }
      }
    }
    recountsDue(state, endMillis, stats, sink);
    state.setClockMillis(endMillis);
    return stats;
  }

  /** Emits every recount due at or before {@code t}; all changes stamped before t are already applied. */
  private void recountsDue(GeneratorState state, long t, RunStats stats, SimulationSink sink) {
    while (state.nextRecountMillis() <= t) {
      long due = state.nextRecountMillis();
      int[] itemIds = state.itemIds();
      for (int i = 0; i < state.storeCount(); i++) {
        int storeId = state.storeId(i);
        int employee = 1000 + DetRandom.of(seed, EMPLOYEE, storeId, due).nextInt(9000);
        sink.recount(new RecountEvent(storeId, Instant.ofEpochMilli(due), employee, itemIds, state.stockRow(i)));
        stats.recounts++;
      }
      state.setNextRecountMillis(due + RECOUNT_EVERY.toMillis());
    }
  }

  /**
   * All transaction arrivals of one simulated hour for every store, sorted by (time, store, index), each packed
   * in a long: ms offset in the hour | store index | index in the store's hour. A Poisson process per store:
   * exponential gaps drawn with StrictMath (Math.log may differ between JIT and interpreter).
   */
  private long[] arrivals(GeneratorState state, long hour) {
    double perMs = txPerHourPerStore / HOUR;
    long[] buf = new long[Math.max(16, (int) (txPerHourPerStore * 1.3) * state.storeCount())];
    int n = 0;
    for (int s = 0; s < state.storeCount(); s++) {
      DetRandom rng = DetRandom.of(seed, ARRIVALS, state.storeId(s), hour);
      double t = 0;
      for (int index = 0; ; index++) {
        t += -StrictMath.log(1.0 - rng.nextDouble()) / perMs;
        if (t >= HOUR || index >= (1 << INDEX_BITS)) break;
        if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
        buf[n++] = ((long) t << (INDEX_BITS + STORE_BITS)) | ((long) s << INDEX_BITS) | index;
      }
    }
    long[] events = Arrays.copyOf(buf, n);
    Arrays.sort(events);
    return events;
  }
}
