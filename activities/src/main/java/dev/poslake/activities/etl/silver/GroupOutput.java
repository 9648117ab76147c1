package dev.poslake.activities.etl.silver;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.activities.etl.domain.Rejection;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pass's output for a parse group: uncommitted change and reject files under the plan's prefix, and the counts.
 * Every record is exactly one of: a part written, a duplicate, a reject.
 */
final class GroupOutput implements AutoCloseable {
  final ChangeFiles changes;
  /** null when an earlier attempt committed the batch's rejects: they are counted, not written again. */
  final RejectFiles rejects;
  long parts;
  long duplicates;
  long rejected;
  final Map<String, Long> rejectsByReason = new TreeMap<>();
  private boolean aborted;

  GroupOutput(SilverTables t, SilverPlan plan, String name, OffsetDateTime now) {
    this.changes = new ChangeFiles(t.change(), SilverStaging.planPrefix(t.change(), plan.planId()), name,
        Timestamps.micros(now.toInstant()));
    this.rejects = plan.writeRejects()
        ? new RejectFiles(t.rejected(), SilverStaging.planPrefix(t.rejected(), plan.planId()), name, now)
        : null;
  }

  void part(ParsedTransaction t, long dateTimeMicros, int partition, long offset) {
    changes.part(t, dateTimeMicros, partition, offset);
    parts++;
  }

  void duplicate() {
    duplicates++;
  }

  void reject(Rejection rej, String topic, int partition, long offset, ByteBuffer value) {
    rejectsByReason.merge(rej.code(), 1L, Long::sum);
    rejected++;
    if (rejects != null) rejects.write(rej, topic, partition, offset, value);
  }

  /** Deletes what was written (the speculative pass turned out not to apply). */
  void abort() {
    if (aborted) return;
    aborted = true;
    changes.abort();
    if (rejects != null) rejects.abort();
  }

  @Override
  public void close() {
    changes.close();
    if (rejects != null) rejects.close();
  }
}
