package dev.poslake.activities.etl.reprocess;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The steps of `pos reprocess-rejects`; each is idempotent for a reprocess id. */
@ActivityInterface
public interface ReprocessActivities {
  /** Counts per reason what a reprocess would do now; writes nothing (--dry-run). */
  @ActivityMethod(name = "ReprocessPreview")
  ReprocessResult preview(ReprocessRequest request);

  /** The passing records into inventory_change, once per reprocess id. */
  @ActivityMethod(name = "ReprocessToSilver")
  ReprocessResult toSilver(ReprocessRequest request, String reprocessId);

  /** Marks the reject rows the reprocess's silver commit settled; returns how many. */
  @ActivityMethod(name = "ReprocessMarkRejects")
  long markRejects(String reprocessId);
}
