package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.config.PosSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan step: which bronze rows make the next silver batch, the silver state its commit must still find, and
 * how the batch's bronze files split into parse groups. Reads metadata only.
 *
 * <p>Groups are contiguous ranges of the batch's files in position order, balanced by bytes: at least
 * {@code minGroups} (so several workers, or both cores of one, share the work) unless they would get less than
 * {@link PosSettings#ETL_SILVER_GROUP_MIN_BYTES} each, and at most {@link #MAX_GROUP_BYTES} of bronze each (so a
 * parse activity's memory does not grow with the batch), never more groups than files. Bronze writes one file per Kafka partition range, so a group is typically one partition's
 * records.
 */
final class SilverPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(SilverPlanner.class);
  /**
   * Compressed bronze per group at most: about 700k records, 2M change rows. 48, not 32: a million keyed records are
   * 68 MB of bronze, which 32 split into 3 groups for 2 cores (the parse took 0.35 s longer than with 2).
   */
  static final long MAX_GROUP_BYTES = 48L << 20;

  private final PipelineResources resources;

  SilverPlanner(PipelineResources resources) {
    this.resources = resources;
  }

  SilverPlan plan(int maxBronzeSnapshots, int minGroups) {
    SilverTables t = SilverTables.load(resources);
    // state and position are read from the same metadata: the commit applies only if it is still the state then
    Long changeState = SilverStaging.stateId(t.change());
    Long rejectedState = SilverStaging.stateId(t.rejected());
    Optional<Long> done = SilverState.processedBronze(t.change());
    Optional<Long> rejectedTo = SilverState.processedBronze(t.rejected());
    Long from = done.orElse(null);
    boolean rejectsCommitted = rejectedTo.isPresent() && !rejectedTo.equals(done);
    BronzeBatch batch;
    if (rejectsCommitted) {
      // an earlier attempt committed the rejects of a batch and died before inventory_change: same batch again
      Long rejectedFrom = SilverState.processedFrom(t.rejected()).orElse(null);
      if (!Objects.equals(rejectedFrom, from)) {
        throw new IllegalStateException("silver state inconsistent: rejected_inventory_change covers bronze ("
            + rejectedFrom + ", " + rejectedTo.get() + "] but inventory_change ends at " + from);
      }
      batch = BronzeBatch.of(t.bronze(), from, rejectedTo.get(), -1);
    } else {
      Optional<BronzeBatch> next = BronzeBatch.plan(t.bronze(), from, maxBronzeSnapshots);
      if (next.isEmpty()) return SilverPlan.nothingAfter(from);
      batch = next.get();
    }
    List<DataFile> ordered = batch.inPositionOrder(t.bronze());
    SilverPlan plan = new SilverPlan(UUID.randomUUID().toString(), from, batch.to(), batch.snapshots(), changeState,
        rejectedState, !rejectsCommitted, ordered.size(), BronzeBatch.checksum(ordered),
        groups(ordered, minGroups, resources.config().get(PosSettings.ETL_SILVER_GROUP_MIN_BYTES)));
    long now = System.currentTimeMillis();
    int swept = SilverStaging.sweepDeadPlans(t.change(), t.rejected(), plan.planId(), now);
    SilverStaging.writeMarker(t.change(), plan, now);
    LOG.info("silver plan {}: bronze ({}, {}] {} snapshots, {} files in {} groups{}{}", plan.planId(), from,
        batch.to(), batch.snapshots(), ordered.size(), plan.groups().size(),
        rejectsCommitted ? ", rejects already committed" : "", swept > 0 ? ", swept " + swept + " dead plans" : "");
    return plan;
  }

  /**
   * @param minGroups at least this many groups, unless that makes groups smaller than {@code minGroupBytes} (an
   *     activity has a fixed cost: a small batch is parsed by fewer) or there are fewer files
   */
  static List<SilverPlan.ParseGroup> groups(List<DataFile> ordered, int minGroups, long minGroupBytes) {
    int n = ordered.size();
    if (n == 0) return List.of();
    long total = 0;
    for (DataFile f : ordered) total += f.fileSizeInBytes();
    long bySize = minGroupBytes <= 0 ? Long.MAX_VALUE : Math.max(1, total / minGroupBytes);
    long wanted = Math.max(Math.min(Math.max(1, minGroups), bySize), (total + MAX_GROUP_BYTES - 1) / MAX_GROUP_BYTES);
    int count = (int) Math.min(n, wanted);
    List<SilverPlan.ParseGroup> out = new ArrayList<>(count);
    int start = 0;
    long cumulative = 0;
    for (int g = 0; g < count; g++) {
      long groupStart = cumulative;
      int end = start;
      // end each group at the file boundary nearest its share of the bytes (ending below it left 8 equal partition
      // files split 3 + 5, one core idle for a third of the parse), leaving at least one file for each group after it
      long share = total * (g + 1) / count;
      do {
        cumulative += ordered.get(end++).fileSizeInBytes();
      } while (end < n - (count - g - 1) && cumulative + ordered.get(end).fileSizeInBytes() / 2 <= share);
      if (g == count - 1) {
        while (end < n) cumulative += ordered.get(end++).fileSizeInBytes();
      }
      out.add(new SilverPlan.ParseGroup(g, start, end, cumulative - groupStart));
      start = end;
    }
    return out;
  }
}
