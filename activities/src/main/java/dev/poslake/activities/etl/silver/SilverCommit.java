package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.StateGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit step: makes a plan's parsed groups the batch, exactly once.
 * <ol>
 *   <li>If inventory_change already has the batch (an earlier attempt, or another run, committed it), only clean up
 *       and report the committed counts.</li>
 *   <li>Decide the losing occurrences across groups and against silver ({@link BatchDuplicates}); copy the few files
 *       that hold their rows without them ({@link ChangeRewrite}).</li>
 *   <li>Two commits, rejects then changes, each ONE append carrying the batch in {@link SilverState} keys and the
 *       plan id, and applying only on the state the plan read ({@link StateGuard}): a table that already has the
 *       batch is skipped; a state that moved elsewhere fails the attempt with nothing written
 *       ({@link SilverStateMovedException}).</li>
 *   <li>Delete the plan's files that were not committed ({@link SilverStaging}).</li>
 * </ol>
 */
final class SilverCommit {
  private static final Logger LOG = LoggerFactory.getLogger(SilverCommit.class);
  private static final String PREFIX = "pos.silver.";

  private final PipelineResources resources;
  private final SilverCommitHook hook;

  SilverCommit(PipelineResources resources, SilverCommitHook hook) {
    this.resources = resources;
    this.hook = hook;
  }

  SilverResult commit(SilverPlan plan, List<SilverGroupResult> groups, ProgressReporter progress) {
    if (!plan.hasWork()) return plan.nothingDone();
    if (groups.size() != plan.groups().size()) {
      throw new IllegalArgumentException("silver commit needs all " + plan.groups().size() + " groups, got "
          + groups.size());
    }
    long t0 = System.nanoTime();
    SilverTables t = SilverTables.load(resources);
    Totals totals = Totals.of(groups);
    Optional<Snapshot> committed = batchSnapshot(t.change(), plan);
    if (committed.isPresent()) {
      SilverStaging.cleanUpAfterCommit(t.change(), t.rejected(), plan);
      return alreadyCommitted(plan, totals, committed.get(), t.rejected());
    }

    BatchDuplicates losers = BatchDuplicates.decide(t.change(), plan, groups, progress);
    long tDecide = System.nanoTime();
    String attempt = UUID.randomUUID().toString().substring(0, 8);
    List<DataFile> changeFiles = new ArrayList<>();
    List<DataFile> rejectFiles = new ArrayList<>();
    for (SilverGroupResult g : groups) {
      changeFiles.addAll(SilverStaging.readManifest(t.change(), plan.planId(), g.changeManifest()));
      rejectFiles.addAll(SilverStaging.readManifest(t.rejected(), plan.planId(), g.rejectManifest()));
    }
    ChangeRewrite.Result rewrite = ChangeRewrite.apply(t.change(), plan, changeFiles, losers, attempt, progress);
    long tRewrite = System.nanoTime();

    long parts = totals.parts - losers.count();
    long duplicates = totals.duplicates + losers.count();
    long rows = totals.rows - rewrite.droppedRows();
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(SilverState.BRONZE_SNAPSHOT, Long.toString(plan.toBronzeSnapshot()));
    summary.put(SilverState.BRONZE_FROM_SNAPSHOT,
        plan.fromBronzeSnapshot() == null ? SilverState.NONE : Long.toString(plan.fromBronzeSnapshot()));
    summary.put(PREFIX + "bronze-records", Long.toString(totals.records));
    summary.put(PREFIX + "change-rows", Long.toString(rows));
    summary.put(PREFIX + "duplicates", Long.toString(duplicates));
    summary.put(PREFIX + "rejected", Long.toString(totals.rejected));
    summary.put(SilverStaging.PLAN_ID, plan.planId());

    int filesWritten = 0;
    if (plan.writeRejects() && commitOnce(t.rejected(), rejectFiles, summary, plan, plan.rejectedState())) {
      filesWritten += rejectFiles.size();
    }
    hook.beforeChangeCommit();
    if (commitOnce(t.change(), rewrite.files(), summary, plan, plan.changeState())) {
      filesWritten += rewrite.files().size();
    }
    long tCommit = System.nanoTime();
    int deleted = SilverStaging.cleanUpAfterCommit(t.change(), t.rejected(), plan);

    LOG.info("silver commit {}: bronze ({}, {}] {} groups, {} records → {} rows ({} parts), {} duplicates ({} in "
        + "groups, {} across groups, {} already in silver, {} silver rows scanned for them of {} decoded{}), {} "
        + "rejected {}; {} files committed, {} left-overs deleted; ms: decide {} (keys merged {}, silver's looked up "
        + "{}, confirmed {}), rewrite {}, commits {}, clean-up {}", plan.planId(),
        plan.fromBronzeSnapshot(), plan.toBronzeSnapshot(), groups.size(), totals.records, rows, parts, duplicates,
        totals.duplicates, losers.acrossGroups, losers.alreadyInSilver, losers.silverRowsScanned,
        losers.silverRowsDecoded, rewrite.rewritten() > 0 ? "; " + rewrite.rewritten() + " files rewritten" : "",
        totals.rejected,
        totals.rejectsByReason, filesWritten, deleted, ms(t0, tDecide), losers.mergeMillis,
        losers.lookUpMillis, losers.confirmMillis, ms(tDecide, tRewrite), ms(tRewrite, tCommit),
        ms(tCommit, System.nanoTime()));
    if (parts + duplicates + totals.rejected != totals.records) {
      throw new IllegalStateException("silver: every record is written, a duplicate or rejected: " + totals.records
          + " records, " + parts + " parts, " + duplicates + " duplicates, " + totals.rejected + " rejected");
    }
    return new SilverResult(totals.records, rows, parts, duplicates, totals.rejectsByReason, totals.rejected,
        filesWritten, plan.fromBronzeSnapshot() == null ? 0 : plan.fromBronzeSnapshot(), plan.toBronzeSnapshot());
  }

  /** The sums over the groups, before the decision across them. */
  private record Totals(long records, long parts, long rows, long duplicates, long rejected,
      Map<String, Long> rejectsByReason) {
    static Totals of(List<SilverGroupResult> groups) {
      long records = 0, parts = 0, rows = 0, duplicates = 0, rejected = 0;
      Map<String, Long> reasons = new TreeMap<>();
      for (SilverGroupResult g : groups) {
        records += g.bronzeRecords();
        parts += g.parts();
        rows += g.changeRows();
        duplicates += g.duplicates();
        rejected += g.rejected();
        g.rejectsByReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
      }
      return new Totals(records, parts, rows, duplicates, rejected, reasons);
    }
  }

  /**
   * The append of inventory_change that carries this batch, if committed (by this plan or another run's): searched
   * among the commits since the state the plan read, not only the newest, since another run may have committed
   * the next batch after ours (our retry must still see that ours is in).
   */
  private static Optional<Snapshot> batchSnapshot(Table change, SilverPlan plan) {
    change.refresh();
    Snapshot current = change.currentSnapshot();
    if (current == null) return Optional.empty();
    String bronzeTo = Long.toString(plan.toBronzeSnapshot());
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), change::snapshot)) {
      if (plan.changeState() != null && s.snapshotId() == plan.changeState()) return Optional.empty();
      if (bronzeTo.equals(s.summary().get(SilverState.BRONZE_SNAPSHOT))) return Optional.of(s);
    }
    return Optional.empty();
  }

  /** A retry after the commit: the counts are the committed ones (the same rules on the same batch). */
  private static SilverResult alreadyCommitted(SilverPlan plan, Totals totals, Snapshot change, Table rejected) {
    Map<String, String> s = change.summary();
    long records = Long.parseLong(s.getOrDefault(PREFIX + "bronze-records", Long.toString(totals.records)));
    long duplicates = Long.parseLong(s.getOrDefault(PREFIX + "duplicates", "0"));
    long rejects = Long.parseLong(s.getOrDefault(PREFIX + "rejected", Long.toString(totals.rejected)));
    int files = Integer.parseInt(s.getOrDefault("added-data-files", "0"));
    Optional<Snapshot> r = SnapshotProperties.latestSnapshotWith(rejected,
        x -> Long.toString(plan.toBronzeSnapshot()).equals(x.summary().get(SilverState.BRONZE_SNAPSHOT)));
    if (r.isPresent()) files += Integer.parseInt(r.get().summary().getOrDefault("added-data-files", "0"));
    LOG.info("silver commit {}: bronze ({}, {}] was committed already (snapshot {}); nothing written",
        plan.planId(), plan.fromBronzeSnapshot(), plan.toBronzeSnapshot(), change.snapshotId());
    return new SilverResult(records, Long.parseLong(s.getOrDefault(PREFIX + "change-rows", "0")),
        records - duplicates - rejects, duplicates, totals.rejectsByReason, rejects, files,
        plan.fromBronzeSnapshot() == null ? 0 : plan.fromBronzeSnapshot(), plan.toBronzeSnapshot());
  }

  /**
   * Appends unless the table already has the batch (then false), and only on the state the plan read: if another
   * attempt or run committed since, validation fails; then the table has the batch (false), or it moved elsewhere
   * and nothing is written ({@link SilverStateMovedException}): a stale attempt waking after the next run's commit
   * must not append its rows again.
   */
  private static boolean commitOnce(Table table, List<DataFile> files, Map<String, String> summary, SilverPlan plan,
      Long expectedState) {
    table.refresh();
    if (SilverState.processedBronze(table).orElse(-1L) == plan.toBronzeSnapshot()) return false;
    AppendFiles append = table.newAppend().validateWith(StateGuard.unchangedSince(expectedState));
    files.forEach(append::appendFile);
    summary.forEach(append::set);
    try {
      append.commit();
      return true;
    } catch (ValidationException moved) {
      table.refresh();
      if (SilverState.processedBronze(table).orElse(-1L) == plan.toBronzeSnapshot()) return false;
      throw new SilverStateMovedException("silver state of " + table.name() + " changed since plan "
          + plan.planId() + " (another silver run committed): nothing written; the next plan starts from the new "
          + "state", moved);
    }
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
