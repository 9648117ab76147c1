package dev.poslake.activities.etl.gold;

import dev.poslake.catalog.io.SnapshotProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.BucketUtil;

/**
 * Where gold stands: for each bucket of stores, the inventory_change and latest_inventory_snapshot snapshots its
 * rows are computed from. Every gold commit carries every bucket's position ({@link GoldSummaryKeys#BUCKETS},
 * {@link GoldSummaryKeys#POSITIONS}), like every bronze commit carries every partition's offset, so the newest
 * gold commit holds the whole position. A commit of the format before the fan-out carries one position for all
 * stores ({@link GoldSummaryKeys#SILVER_SNAPSHOT_ID}, {@link GoldSummaryKeys#LATEST_SNAPSHOT_ID}): read as every
 * bucket at that position, whatever the bucket count.
 *
 * @param stateSnapshotId the gold snapshot the position was read from (the commit guard's expectation), null if
 *     gold has none
 * @param buckets the bucket count of {@code positions}; 0 when all buckets are at one position whatever the count
 *     (the old format, or a gold never merged)
 * @param positions per bucket; one element when {@code buckets == 0}
 */
public record GoldPosition(Long stateSnapshotId, int buckets, List<Inputs> positions) {

  /** The silver and latest snapshot ids a bucket's rows are computed from (null: none consumed yet). */
  public record Inputs(Long silver, Long latest) {
    static final Inputs NONE = new Inputs(null, null);

    @Override
    public String toString() {
      return id(silver) + "/" + id(latest);
    }

    static Inputs parse(String s) {
      int slash = s.indexOf('/');
      return new Inputs(parseId(s.substring(0, slash)), parseId(s.substring(slash + 1)));
    }
  }

  /** The bucket of a store among {@code buckets}: Iceberg's bucket transform (Murmur3), as silver's bucket(8, store_id). */
  public static int bucketOf(int store, int buckets) {
    return (BucketUtil.hash(store) & Integer.MAX_VALUE) % buckets;
  }

  /** The position in gold's newest commit that has one (compactions carry none and are skipped). */
  public static GoldPosition read(Table gold) {
    Long state = SnapshotProperties.stateSnapshot(gold).map(Snapshot::snapshotId).orElse(null);
    Optional<Snapshot> s = SnapshotProperties.latestSnapshotWith(gold, GoldPosition::hasPosition);
    if (s.isPresent() && s.get().summary().containsKey(GoldSummaryKeys.BUCKETS)) {
      GoldPosition p = fromSummary(s.get().summary());
      return new GoldPosition(state, p.buckets(), p.positions());
    }
    // before the fan-out: one position for every store (each key on the newest commit that has it, as it was read)
    Long silver = SnapshotProperties.latest(gold, GoldSummaryKeys.SILVER_SNAPSHOT_ID).map(Long::valueOf).orElse(null);
    Long latest = SnapshotProperties.latest(gold, GoldSummaryKeys.LATEST_SNAPSHOT_ID).map(Long::valueOf).orElse(null);
    return new GoldPosition(state, 0, List.of(new Inputs(silver, latest)));
  }

  /**
   * The position one commit's summary records: its buckets and their positions, or (a commit of the format before
   * the fan-out) the one position of every store. No state snapshot.
   */
  public static GoldPosition fromSummary(Map<String, String> summary) {
    if (summary.containsKey(GoldSummaryKeys.BUCKETS)) {
      int n = Integer.parseInt(summary.get(GoldSummaryKeys.BUCKETS));
      return new GoldPosition(null, n, parse(summary.get(GoldSummaryKeys.POSITIONS), n));
    }
    String silver = summary.get(GoldSummaryKeys.SILVER_SNAPSHOT_ID);
    String latest = summary.get(GoldSummaryKeys.LATEST_SNAPSHOT_ID);
    return new GoldPosition(null, 0, List.of(new Inputs(silver == null ? null : Long.valueOf(silver),
        latest == null ? null : Long.valueOf(latest))));
  }

  private static boolean hasPosition(Snapshot s) {
    Map<String, String> m = s.summary();
    return m.containsKey(GoldSummaryKeys.BUCKETS) || m.containsKey(GoldSummaryKeys.SILVER_SNAPSHOT_ID)
        || m.containsKey(GoldSummaryKeys.LATEST_SNAPSHOT_ID);
  }

  /** True if every bucket is at the same position (then the bucket count may change). */
  public boolean uniform() {
    return positions.stream().distinct().count() <= 1;
  }

  /** Whether this position can be read with {@code n} buckets: the same count, or one position for all. */
  public boolean readableAs(int n) {
    return buckets == n || uniform();
  }

  /** The position of bucket {@code b} of {@code n}; requires {@link #readableAs(int) readableAs(n)}. */
  public Inputs of(int b, int n) {
    if (!readableAs(n)) throw new IllegalStateException("gold is bucketed by " + buckets + ", not " + n);
    return buckets == n ? positions.get(b) : positions.get(0);
  }

  /** The position of the store's bucket. */
  public Inputs forStore(int store) {
    return buckets == 0 ? positions.get(0) : positions.get(bucketOf(store, buckets));
  }

  /** Every distinct position (what snapshot expiry must keep, what lags). */
  public List<Inputs> distinct() {
    return positions.stream().distinct().toList();
  }

  /** The positions of all {@code n} buckets, for a commit that changes some of them. */
  public Inputs[] expand(int n) {
    Inputs[] out = new Inputs[n];
    for (int b = 0; b < n; b++) out[b] = of(b, n);
    return out;
  }

  /**
   * The summary properties of a commit at these positions: the bucket count, the positions in runs of equal
   * ones ({@code 0-5=<silver>/<latest>,6=...,7=...}, {@code -} for none), and the keys of the format before the
   * fan-out: the common ids when all buckets agree (an older worker's merge then reads a true position), else
   * {@value #MIXED}, which an older worker cannot parse: it fails and is retried until an upgraded one takes over,
   * instead of merging again from an older commit's position.
   */
  public static Map<String, String> summary(Inputs[] positions) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(GoldSummaryKeys.BUCKETS, Integer.toString(positions.length));
    StringBuilder runs = new StringBuilder();
    for (int b = 0; b < positions.length; ) {
      int e = b;
      while (e + 1 < positions.length && positions[e + 1].equals(positions[b])) e++;
      if (runs.length() > 0) runs.append(',');
      GoldSummaryKeys.appendBucketRange(runs, b, e);
      runs.append('=').append(positions[b]);
      b = e + 1;
    }
    out.put(GoldSummaryKeys.POSITIONS, runs.toString());
    boolean same = Arrays.stream(positions).distinct().count() == 1;
    Inputs first = positions[0];
    if (!same) {
      out.put(GoldSummaryKeys.SILVER_SNAPSHOT_ID, MIXED);
      out.put(GoldSummaryKeys.LATEST_SNAPSHOT_ID, MIXED);
    } else {
      if (first.silver() != null) out.put(GoldSummaryKeys.SILVER_SNAPSHOT_ID, Long.toString(first.silver()));
      if (first.latest() != null) out.put(GoldSummaryKeys.LATEST_SNAPSHOT_ID, Long.toString(first.latest()));
    }
    return out;
  }

  /** The value of the old keys while buckets differ. */
  static final String MIXED = "mixed";

  static List<Inputs> parse(String runs, int n) {
    Inputs[] out = new Inputs[n];
    for (String run : runs.split(",")) {
      int eq = run.indexOf('=');
      int[] range = GoldSummaryKeys.bucketRange(run.substring(0, eq));
      Inputs p = Inputs.parse(run.substring(eq + 1));
      for (int b = range[0]; b <= range[1]; b++) out[b] = p;
    }
    List<Inputs> list = new ArrayList<>(Arrays.asList(out));
    if (list.contains(null)) throw new IllegalStateException("gold positions miss a bucket: " + runs);
    return List.copyOf(list);
  }

  private static String id(Long id) {
    return id == null ? "-" : Long.toString(id);
  }

  private static Long parseId(String s) {
    return s.equals("-") ? null : Long.valueOf(s);
  }
}
