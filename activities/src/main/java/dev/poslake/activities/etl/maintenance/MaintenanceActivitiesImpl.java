package dev.poslake.activities.etl.maintenance;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import java.util.Map;

/** Temporal adapter of {@link Compactor} and {@link SnapshotExpirer}. */
public final class MaintenanceActivitiesImpl implements MaintenanceActivities {
  private final Compactor compactor;
  private final SnapshotExpirer expirer;

  public MaintenanceActivitiesImpl(PipelineResources resources) {
    this(resources, Map.of());
  }

  /** {@code foldCaches}: by table name, see {@link Compactor#Compactor(PipelineResources, Map)}. */
  public MaintenanceActivitiesImpl(PipelineResources resources, Map<String, FoldCache> foldCaches) {
    this.compactor = new Compactor(resources, foldCaches);
    this.expirer = new SnapshotExpirer(resources);
  }

  @Override
  public MaintenanceResult compact(String table, int minFilesToCompact, long targetFileBytes) {
    return compactor.compact(table, minFilesToCompact, targetFileBytes, ProgressReporter.current());
  }

  @Override
  public MaintenanceResult expireSnapshots(String table, long olderThanMillis, int retainLast) {
    return expirer.expire(table, olderThanMillis, retainLast, ProgressReporter.current());
  }
}
