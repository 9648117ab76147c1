package dev.poslake.ops.web;

import java.util.Map;

/**
 * One run as the page and {@code GET /api/runs} show it.
 *
 * @param kind            {@code etl}, {@code generator} or the workflow type
 * @param events          events in: Kafka records read (ETL) or transactions published (generator)
 * @param stepMillis      wall time per step in execution order (ETL), empty otherwise
 * @param counts          rows per table, rejects and other counts of the run's result
 * @param newestEventMillis newest event in gold after this run (ETL), null if unknown
 * @param freshnessMillis gold freshness after this run: source time (the generator's simulated clock, or the
 *                        wall clock without generator runs) minus the newest event in gold; null if unknown
 */
public record RunView(String schedule, String kind, String workflowId, String reason, String status,
    String message, long scheduledAt, Long finishedAt, Long durationMillis, Long events,
    Map<String, Long> stepMillis, Map<String, Long> counts, Long newestEventMillis, Long freshnessMillis) {}
