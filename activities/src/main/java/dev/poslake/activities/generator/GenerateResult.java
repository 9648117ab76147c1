package dev.poslake.activities.generator;

/**
 * Summary of one generator run (small, JSON-serializable for Temporal and stored in the state for retries).
 * Interval times are ISO-8601 simulated instants; the run covered [intervalStart, intervalEnd).
 *
 * @param transactions distinct trans_ids emitted (a BOPIS counts once although it is two messages)
 * @param lines item lines over all messages (a BOPIS line counts for both rows)
 * @param messages Kafka records, parts of split transactions included
 */
public record GenerateResult(String requestId, long runSequence, String intervalStart, String intervalEnd,
    long transactions, long lines, long messages, long recountFiles, long sales, long shrinks, long restocks,
    long bulkRestocks, long bopis, String nextRecount) {}
