package dev.poslake.activities.etl.gold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Snapshot summary properties of {@code current_inventory} commits: what the gold table state was computed
 * from. The next merge continues from exactly there, so a retry before the commit redoes the same increment and
 * a retry after it finds nothing left to do.
 */
public final class GoldSummaryKeys {
  private GoldSummaryKeys() {}

  /** How many buckets of stores the positions are kept for ({@link GoldPosition#bucketOf}). */
  public static final String BUCKETS = "pos.gold.buckets";
  /**
   * Per bucket, the inventory_change and latest_inventory_snapshot snapshot ids its rows are computed from, in runs
   * of equal positions: {@code 0-5=<silver>/<latest>,6=<silver>/<latest>,...} ({@code -}: none). Every gold commit
   * carries all buckets ({@link GoldPosition}).
   */
  public static final String POSITIONS = "pos.gold.positions";
  /**
   * Before the fan-out, the one position of all stores: the {@code inventory_change} snapshot id whose rows are all
   * folded in. Still written, with the common id when every bucket is there, or {@code mixed} while they differ.
   */
  public static final String SILVER_SNAPSHOT_ID = "pos.gold.silver-snapshot-id";
  /** Likewise: the {@code latest_inventory_snapshot} snapshot id (an upsert marker snapshot). */
  public static final String LATEST_SNAPSHOT_ID = "pos.gold.latest-snapshot-id";
  /** The bucket a commit merged (informational; absent on the plan's commit that only moves idle buckets). */
  public static final String BUCKET = "pos.gold.bucket";
  /**
   * The buckets a group commit merged, as ranges like {@code 0-3,5} (informational; bucket merges of one worker that
   * finish together commit together, and such a commit has no {@link #BUCKET}).
   */
  public static final String MERGED_BUCKETS = "pos.gold.merged-buckets";
  /** Buckets without work the commit moved to the target position as well (informational). */
  public static final String ADVANCED_BUCKETS = "pos.gold.advanced-buckets";
  /** Counts of the merge, informational. */
  public static final String KEYS_TOUCHED = "pos.gold.keys-touched";
  public static final String ROWS_UPSERTED = "pos.gold.rows-upserted";
  public static final String PAIRS_WITHOUT_SNAPSHOT = "pos.gold.pairs-without-snapshot";
  /** The buckets a commit merged: its {@link #BUCKET}, or those in {@link #MERGED_BUCKETS}; none for others. */
  public static Set<Integer> mergedBuckets(Map<String, String> summary) {
    Set<Integer> out = new TreeSet<>();
    if (summary.containsKey(BUCKET)) out.add(Integer.parseInt(summary.get(BUCKET)));
    String runs = summary.get(MERGED_BUCKETS);
    if (runs != null && !runs.isEmpty()) {
      for (String run : runs.split(",")) {
        int[] range = bucketRange(run);
        for (int b = range[0]; b <= range[1]; b++) out.add(b);
      }
    }
    return out;
  }

  /** Bucket numbers as ranges, e.g. {@code 0-3,5}: the format {@link #mergedBuckets} reads. */
  static String bucketRuns(Collection<Integer> buckets) {
    List<Integer> sorted = new ArrayList<>(buckets);
    sorted.sort(null);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
      if (out.length() > 0) out.append(',');
      appendBucketRange(out, sorted.get(i), sorted.get(j));
      i = j + 1;
    }
    return out.toString();
  }

  /**
   * One range of buckets as this class's keys write them ({@link #MERGED_BUCKETS}, and the runs of {@link
   * #POSITIONS}): {@code from}, or {@code from-to}.
   */
  static void appendBucketRange(StringBuilder out, int from, int to) {
    out.append(from);
    if (to > from) out.append('-').append(to);
  }

  /** {@code {from, to}} of a range {@link #appendBucketRange} wrote. */
  static int[] bucketRange(String range) {
    int dash = range.indexOf('-');
    int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
    return new int[] {from, dash < 0 ? from : Integer.parseInt(range.substring(dash + 1))};
  }

  /**
   * "incremental" or "full" (first merge, or the consumed silver snapshot is no longer an ancestor); a group commit
   * of both kinds says {@code full,incremental}.
   */
  public static final String MODE = "pos.gold.mode";
}
