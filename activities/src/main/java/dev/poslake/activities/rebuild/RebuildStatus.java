package dev.poslake.activities.rebuild;

import java.util.List;

/**
 * What the newest rebuild is doing, saved in the bucket ({@link RebuildStatusStore}) so that the ops page and
 * {@code pos ops status} show it without asking Temporal (the embedded test server has no list API).
 *
 * @param rebuildId the rebuild's id (names its branches: {@code rebuild-<id>})
 * @param workflowId the Temporal workflow running it
 * @param tables the tables it recomputes, in publish order
 * @param phase one of {@link #PHASES}
 * @param dryRun whether it stops before publishing
 * @param startedAtMillis when it started (workflow clock)
 * @param updatedAtMillis when the phase last changed
 * @param error why it failed, else null
 */
public record RebuildStatus(String rebuildId, String workflowId, List<String> tables, String phase, boolean dryRun,
    long startedAtMillis, long updatedAtMillis, String error) {

  public static final String PAUSING = "pausing";
  public static final String RECOMPUTING = "recomputing";
  public static final String CHECKING = "checking";
  public static final String PUBLISHING = "publishing";
  public static final String PUBLISHED = "published";
  /** A dry run that ended before publishing, as it should. */
  public static final String DRY_RUN_DONE = "dry-run-done";
  public static final String FAILED = "failed";
  public static final List<String> PHASES =
      List.of(PAUSING, RECOMPUTING, CHECKING, PUBLISHING, PUBLISHED, DRY_RUN_DONE, FAILED);

  /** Whether the rebuild is still going (the ops page draws it on the pipeline picture). */
  public boolean inProgress() {
    return !PUBLISHED.equals(phase) && !DRY_RUN_DONE.equals(phase) && !FAILED.equals(phase);
  }

  public RebuildStatus at(String newPhase, long atMillis, String newError) {
    return new RebuildStatus(rebuildId, workflowId, tables, newPhase, dryRun, startedAtMillis, atMillis, newError);
  }
}
