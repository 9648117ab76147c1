package dev.poslake.ops.pipeline;

/**
 * One box of the pipeline picture as measured, also the {@code /api/pipeline} JSON.
 *
 * @param id stable id (kafka, bronze, silver, silver_rejects, gold, recount_files, snapshots, snapshot_rejects,
 *     latest)
 * @param table the Iceberg table it stands for (recount files: the table of ingested files), the topic for kafka
 * @param rows rows of the table from its snapshot summary ({@code total-records}), null if it has no snapshot
 * @param lastCommitMillis time of the table's current snapshot, null if none
 * @param lagRecords Kafka records not yet in bronze (bronze and the topic), null if not measured
 * @param freshnessMillis gold freshness (gold), null if not measured
 * @param rejects rows of the node's quarantine table (silver, snapshots, and the quarantine tables themselves)
 * @param rejectsLastRun rows the newest ETL run rejected here, null if unknown
 * @param health ok, stale, failing or unknown ({@link PipelineHealth})
 * @param rebuilding whether the rebuild in progress recomputes this table
 */
public record PipelineNode(String id, String label, String table, String step, Long rows, Long lastCommitMillis,
    Long lagRecords, Long freshnessMillis, Long rejects, Long rejectsLastRun, String health, String reason,
    boolean rebuilding) {}
