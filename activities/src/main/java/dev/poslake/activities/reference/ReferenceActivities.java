package dev.poslake.activities.reference;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Reference-data activities. The typed data itself (100k items) is too large for a Temporal payload: other
 * activities read it in-process with {@link ReferenceTables#readReferenceData()}.
 */
@ActivityInterface
public interface ReferenceActivities {
  /** Non-retryable failure type of an invalid reference file (the message names file, line and reason). */
  String INVALID_REFERENCE_FILE = "InvalidReferenceFile";

  /** Uploads missing seed files; adds stores to store.txt up to {@code physicalStores} (0: none). Keys written. */
  @ActivityMethod(name = "ReferenceEnsureUploaded")
  List<String> ensureUploaded(int physicalStores);

  /** Reloads the reference tables whose file changed. */
  @ActivityMethod(name = "ReferenceRefresh")
  ReferenceTables.RefreshResult refresh();
}
