package dev.poslake.activities.etl.reprocess;

/**
 * Of the quarantined records with one reason: how many pass today's rules and reference data, how many still fail.
 */
public record ReasonCounts(long pass, long stillRejected) {
  ReasonCounts plus(boolean passes) {
    return passes ? new ReasonCounts(pass + 1, stillRejected) : new ReasonCounts(pass, stillRejected + 1);
  }
}
