package dev.poslake.activities.generator;

import java.util.List;

/** What a replay published: transactions (one per trans_id/store/type), Kafka messages, lines, snapshot keys. */
public record ReplayResult(long transactions, long messages, long lines, List<String> snapshotKeys) {}
