package dev.poslake.activities.etl.snapshot;

import java.util.List;

/**
 * The recount files a run ingests, in groups that run in parallel (activity payload; at most
 * {@link RecountPlanner#MAX_FILES_PER_RUN} files, well under Temporal's 2 MB payload limit).
 *
 * @param filesSeen recount objects listed under the prefix
 * @param filesSkipped objects whose key and ETag the ledger already has (not read)
 * @param filesDeferred new objects beyond this run's cap, left for the next run
 */
public record RecountPlan(int filesSeen, int filesSkipped, int filesDeferred, List<RecountFileGroup> groups) {
  public RecountPlan {
    groups = List.copyOf(groups);
  }

  public int files() {
    return groups.stream().mapToInt(g -> g.files().size()).sum();
  }
}
