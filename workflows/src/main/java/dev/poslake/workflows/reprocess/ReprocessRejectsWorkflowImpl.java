package dev.poslake.workflows.reprocess;

import dev.poslake.activities.etl.reprocess.ReprocessActivities;
import dev.poslake.activities.etl.reprocess.ReprocessRequest;
import dev.poslake.activities.etl.reprocess.ReprocessResult;
import dev.poslake.activities.reference.ReferenceActivities;
import dev.poslake.workflows.ActivityStubs;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class ReprocessRejectsWorkflowImpl implements ReprocessRejectsWorkflow {
  private static final Duration HEARTBEAT = Duration.ofSeconds(60);
  private final ReferenceActivities reference =
      ActivityStubs.create(ReferenceActivities.class, Duration.ofMinutes(5), Duration.ZERO);
  private final ReprocessActivities reprocess =
      ActivityStubs.create(ReprocessActivities.class, Duration.ofMinutes(30), HEARTBEAT);

  @Override
  public ReprocessResult run(ReprocessRequest request) {
    // today's reference data, as the ETL's first step loads it (the files are what the records are checked against)
    reference.refresh();
    if (request.dryRun()) return reprocess.preview(request);
    // the id is fixed in the history: every retry of a step works for the same reprocess
    String id = Workflow.randomUUID().toString();
    ReprocessResult r = reprocess.toSilver(request, id);
    return r.passed() == 0 ? r : r.withMarked(reprocess.markRejects(id));
  }
}
