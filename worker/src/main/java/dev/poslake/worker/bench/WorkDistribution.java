package dev.poslake.worker.bench;

import dev.poslake.ops.history.RunHistory;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which worker ran which unit of the fanned-out steps (bronze partitions, silver groups, gold buckets) in the
 * benchmark's ETL runs, from their Temporal histories: the proof that several workers share one run's work.
 */
public final class WorkDistribution {
  private WorkDistribution() {}

  /**
   * Per activity type, per worker identity, the units it ran (e.g. "bucket 3"), over the given ETL runs; plus
   * the number of activities each worker ran in all.
   */
  public static Map<String, Object> of(WorkflowClient client, List<String> workflowIds) {
    Map<String, Map<String, List<String>>> byType = new TreeMap<>();
    Map<String, Integer> activitiesByWorker = new TreeMap<>();
    for (String id : workflowIds) {
      for (RunHistory.ActivityStep a : RunHistory.fetch(client, id, null).activities()) {
        String worker = a.worker() == null ? "(not started)" : a.worker();
        activitiesByWorker.merge(worker, 1, Integer::sum);
        if (a.unit() == null) continue;
        byType.computeIfAbsent(a.activityType(), t -> new TreeMap<>())
            .computeIfAbsent(worker, w -> new ArrayList<>()).add(a.unit());
      }
    }
    return Map.of("activitiesByWorker", activitiesByWorker, "unitsByStep", byType);
  }
}
