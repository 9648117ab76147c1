package dev.poslake.activities.rebuild;

/**
 * What one recompute step produced in the staging tables.
 *
 * @param rows rows written (silver: inventory_change rows; snapshots: recount rows; gold: rows upserted)
 * @param rejects rows quarantined (silver and snapshots)
 * @param millis how long the step took
 */
public record RebuildStepResult(String step, long rows, long rejects, long millis) {}
