package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.PosMessageParser;
import dev.poslake.activities.etl.silver.SilverState;
import dev.poslake.activities.etl.silver.StagedChangeRows;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.StateGuard;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silver step of a reprocess: the passing records into inventory_change in ONE append, exactly once.
 * <ul>
 *   <li>A commit carrying the reprocess id exists: a retry after the commit; report it, write nothing.</li>
 *   <li>Otherwise analyse as of silver's state now, stage the rows and the {@link DecisionFile}, and append guarded
 *       on that state ({@link StateGuard}): if any silver commit (an ETL batch, another reprocess) lands meanwhile,
 *       the analysis may be stale (its de-duplication most of all), so the attempt drops its files and starts
 *       again on the new state. An ETL batch planned on the old state fails its own guard the same way.</li>
 *   <li>The append copies {@link SilverState}'s keys from the state it replaces: the ETL's next batch starts exactly
 *       where it would have. Gold reads it like any silver append.</li>
 * </ul>
 */
final class ReprocessToSilver {
  private static final Logger LOG = LoggerFactory.getLogger(ReprocessToSilver.class);
  private static final int ATTEMPTS = 10;

  private final ReprocessTables tables;
  private final ReprocessHook hook;

  ReprocessToSilver(ReprocessTables tables, ReprocessHook hook) {
    this.tables = tables;
    this.hook = hook;
  }

  ReprocessResult run(ReprocessRequest request, String reprocessId, ProgressReporter progress) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Table change = tables.change();
      Table rejected = tables.rejected();
      Optional<Snapshot> done = ReprocessSummary.commitOf(change, reprocessId);
      if (done.isPresent()) {
        LOG.info("reprocess {}: inventory_change has its commit already (snapshot {})", reprocessId,
            done.get().snapshotId());
        return ReprocessSummary.resultOf(done.get());
      }
      Long state = stateId(change);
      Optional<ReprocessResult> r = tryOnce(change, rejected, state, request, reprocessId, progress);
      if (r.isPresent()) return r.get();
      LOG.info("reprocess {}: silver moved during attempt {}; analysing again", reprocessId, attempt);
    }
    throw new IllegalStateException("reprocess " + reprocessId + ": silver kept moving (" + ATTEMPTS
        + " attempts); retry later");
  }

  /** Empty if silver's state moved before the commit (nothing written). */
  private Optional<ReprocessResult> tryOnce(Table change, Table rejected, Long state, ReprocessRequest request,
      String reprocessId, ProgressReporter progress) {
    long t0 = System.nanoTime();
    ReprocessAnalysis a = ReprocessAnalysis.run(rejected, stateId(rejected), change, state,
        new PosMessageParser(tables.validation()), request, progress);
    if (a.passing.isEmpty()) {
      LOG.info("reprocess {}: nothing passes ({})", reprocessId, a.byReason);
      return Optional.of(a.result(reprocessId, false, 0, 0));
    }
    String attempt = UUID.randomUUID().toString().substring(0, 8);
    String decisions = DecisionFile.path(rejected, reprocessId, attempt);
    List<ReprocessAnalysis.Kept> kept = a.kept();
    try (StagedChangeRows rows = new StagedChangeRows(change, prefix(change, reprocessId), "r-" + attempt,
        Instant.now())) {
      for (ReprocessAnalysis.Kept k : kept) rows.part(k.tx(), k.id().partition(), k.id().offset());
      List<DataFile> files = rows.complete();
      DecisionFile.write(rejected.io(), decisions, a.passing);
      AppendFiles append = change.newAppend().validateWith(StateGuard.unchangedSince(state));
      files.forEach(append::appendFile);
      silverKeys(change).forEach(append::set);
      ReprocessSummary.silverCommit(reprocessId, decisions, a, rows.rows()).forEach(append::set);
      hook.beforeSilverCommit();
      try {
        append.commit();
      } catch (ValidationException moved) {
        rows.abort();
        DecisionFile.deleteQuietly(rejected.io(), decisions);
        return Optional.empty();
      }
      LOG.info("reprocess {}: {} parts ({} rows) into inventory_change, {} duplicates, by reason {}, still rejected "
          + "as {}; {} ms", reprocessId, kept.size(), rows.rows(), a.duplicates(), a.byReason, a.stillRejectedAs,
          (System.nanoTime() - t0) / 1_000_000);
      hook.afterSilverCommit();
      return Optional.of(a.result(reprocessId, false, rows.rows(), 0));
    }
  }

  /** Silver's progress keys as the state snapshot has them (none before silver's first batch). */
  private static Map<String, String> silverKeys(Table change) {
    return SnapshotProperties.latestSnapshotWith(change, s -> s.summary().containsKey(SilverState.BRONZE_SNAPSHOT))
        .map(s -> {
          Map<String, String> m = new java.util.LinkedHashMap<>();
          m.put(SilverState.BRONZE_SNAPSHOT, s.summary().get(SilverState.BRONZE_SNAPSHOT));
          String from = s.summary().get(SilverState.BRONZE_FROM_SNAPSHOT);
          if (from != null) m.put(SilverState.BRONZE_FROM_SNAPSHOT, from);
          return m;
        }).orElse(Map.of());
  }

  static Long stateId(Table table) {
    return SnapshotProperties.stateSnapshot(table).map(Snapshot::snapshotId).orElse(null);
  }

  private static String prefix(Table change, String reprocessId) {
    String data = change.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, change.location() + "/data");
    return (data.endsWith("/") ? data.substring(0, data.length() - 1) : data) + "/reprocess-" + reprocessId;
  }
}
