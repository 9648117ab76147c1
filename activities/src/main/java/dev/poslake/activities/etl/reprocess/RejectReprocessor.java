package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.PosMessageParser;
import java.util.regex.Pattern;
import org.apache.iceberg.Table;

/**
 * Reprocessing quarantined records (see docs/etl-bronze-silver.md, "Reprocessing rejects"): a preview that counts,
 * the silver step ({@link ReprocessToSilver}) and the marking step ({@link RejectMarking}), each idempotent for a
 * reprocess id.
 */
public final class RejectReprocessor {
  private static final Pattern ID_FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final ReprocessTables tables;
  private final ReprocessHook hook;

  public RejectReprocessor(PipelineResources resources) {
    this(resources, ReprocessHook.NONE);
  }

  public RejectReprocessor(PipelineResources resources, ReprocessHook hook) {
    this.tables = new ReprocessTables(resources);
    this.hook = hook;
  }

  /** The dry run: what a reprocess would find now; reads only. */
  public ReprocessResult preview(ReprocessRequest request, ProgressReporter progress) {
    Table change = tables.change();
    Table rejected = tables.rejected();
    ReprocessAnalysis a = ReprocessAnalysis.run(rejected, ReprocessToSilver.stateId(rejected), change,
        ReprocessToSilver.stateId(change), new PosMessageParser(tables.validation()), request, progress);
    return a.result(null, true, a.kept().stream().mapToLong(k -> k.tx().lines().size()).sum(), 0);
  }

  /** The passing records into inventory_change once for {@code reprocessId} (a UUID). */
  public ReprocessResult toSilver(ReprocessRequest request, String reprocessId, ProgressReporter progress) {
    if (request.dryRun()) throw new IllegalArgumentException("a dry run writes nothing: use preview");
    return new ReprocessToSilver(tables, hook).run(request, checked(reprocessId), progress);
  }

  /** Marks the reject rows that {@code reprocessId}'s silver commit settled; the count marked. */
  public long markRejects(String reprocessId, ProgressReporter progress) {
    return new RejectMarking(tables).run(checked(reprocessId), progress);
  }

  /** The silver step then the marking, in this thread (tests, and the cost measurement). */
  public ReprocessResult run(ReprocessRequest request, String reprocessId, ProgressReporter progress) {
    if (request.dryRun()) return preview(request, progress);
    ReprocessResult r = toSilver(request, reprocessId, progress);
    return r.passed() == 0 ? r : r.withMarked(markRejects(reprocessId, progress));
  }

  // ids come from activity inputs and name files: only the form the workflow makes
  private static String checked(String reprocessId) {
    if (reprocessId == null || !ID_FORM.matcher(reprocessId).matches()) {
      throw new IllegalArgumentException("not a reprocess id: " + reprocessId);
    }
    return reprocessId;
  }
}
