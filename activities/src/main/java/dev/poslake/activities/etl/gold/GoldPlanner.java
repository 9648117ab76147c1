package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a gold fan-out from metadata: gold's position per bucket, the target (newest silver append, newest
 * latest-snapshot marker), and which lagging buckets have work (a store of theirs has new silver files or a new
 * recount, or the bucket must recompute in full). Buckets that lag without work are moved to the target right
 * here, in one position-only commit, so that no bucket's position stays behind (PipelineLag, and snapshot
 * expiry keeps everything from the oldest position on).
 *
 * <p>The bucket count: the requested one, unless buckets are at different positions (a run stopped half-way) under
 * another count; then this run keeps gold's count and the next one changes it.
 */
final class GoldPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(GoldPlanner.class);
  private final PipelineResources resources;

  GoldPlanner(PipelineResources resources) {
    this.resources = resources;
  }

  GoldPlan plan(int requestedBuckets) {
    GoldTables t = GoldTables.load(resources);
    GoldPosition state = GoldPosition.read(t.gold());
    Inputs to = GoldInputs.target(t);
    int n = state.readableAs(requestedBuckets) ? requestedBuckets : state.buckets();
    Inputs[] positions = state.expand(n);
    // lagging buckets grouped by position: usually one group (all buckets where the previous run left them)
    Map<Inputs, List<Integer>> lagging = new LinkedHashMap<>();
    for (int b = 0; b < n; b++) {
      if (!positions[b].equals(to)) lagging.computeIfAbsent(positions[b], p -> new ArrayList<>()).add(b);
    }
    List<GoldBucketTask> tasks = new ArrayList<>();
    Map<Integer, Inputs> idle = new TreeMap<>();
    for (Map.Entry<Inputs, List<Integer>> group : lagging.entrySet()) {
      GoldInputs in = SharedGoldInputs.plan(t, group.getKey(), to);
      Set<Integer> withWork = new TreeSet<>();
      for (int store : in.stores) withWork.add(GoldPosition.bucketOf(store, n));
      for (int b : group.getValue()) {
        if (withWork.contains(b)) tasks.add(new GoldBucketTask(b, n, group.getKey(), to));
        else idle.put(b, group.getKey());
      }
    }
    int advanced = 0;
    if (!idle.isEmpty()) {
      try (GoldWrites none = new GoldWrites(t.gold())) {
        BucketCommit.Outcome o = BucketCommit.commit(t.gold(), none, null, Set.of(), n, idle, false, to,
            Map.of(), () -> { }, waiting -> { });
        if (o == BucketCommit.Outcome.COMMITTED) advanced = idle.size();
      }
    }
    tasks.sort((a, b) -> Integer.compare(a.bucket(), b.bucket()));
    LOG.info("gold plan: {} buckets, target {}, {} with work {}, {} moved without work", n, to, tasks.size(),
        GoldSummaryKeys.bucketRuns(tasks.stream().map(GoldBucketTask::bucket).toList()), idle.size());
    return new GoldPlan(n, to, tasks, advanced);
  }
}
