package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.SnapshotCsvParser;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.activities.reference.ValidationCache;
import dev.poslake.config.PosSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The snapshot step, Temporal-free: ingest every recount file version under {@value #PREFIX} not yet in the
 * {@code ingested_snapshot_file} ledger, then upsert {@code latest_inventory_snapshot}. The workflow runs the parts
 * as activities that fan out ({@link #plan}, {@link #ingest} per file group in parallel, {@link #planLatest},
 * {@link #upsertLatest} per store bucket in parallel, {@link #commitLatest}); {@link #run} does it all in one call
 * (the single snapshot activity of workflow runs started before the fan-out).
 *
 * <p>Which files: an object whose (key, ETag) is in the ledger is skipped unread. Otherwise its content is hashed
 * while it is read; a (key, SHA-256) already in the ledger is a re-upload of the same content (e.g. a multipart
 * upload gives another ETag): recorded with the new ETag, not ingested. A changed content under an ingested name is
 * a new version and is ingested again: inventory_snapshot keeps every row ever ingested, and the latest-snapshot
 * rule decides per pair (a corrected recount must carry a later date_time to win over the old one for sure: on
 * equal date_time the rule's content-based tie-break applies, so the outcome never depends on arrival order).
 */
public final class SnapshotIngest {
  public static final String PREFIX = RecountFileKey.PREFIX;

  private final PipelineResources resources;
  private final Consumer<String> progress;
  private IngestSeams seams = IngestSeams.none();

  public SnapshotIngest(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  /** Test seam: called with the table name after each commit step; throw from it to simulate a crash there. */
  public SnapshotIngest checkpoint(Consumer<String> checkpoint) {
    seams = seams.withCheckpoint(checkpoint);
    return this;
  }

  /**
   * Test seam: called with the table name after the "already committed?" check, right before each commit attempt;
   * block in it to let a racing attempt commit first.
   */
  public SnapshotIngest beforeCommit(Consumer<String> beforeCommit) {
    seams = seams.withBeforeCommit(beforeCommit);
    return this;
  }

  /** Test seam: called with a file's key and its rows so far while it is read; throw to crash inside a file. */
  public SnapshotIngest midFile(BiConsumer<String, Long> midFile) {
    seams = seams.withMidFile(midFile);
    return this;
  }

  /** The new recount files, at most {@code maxFiles}, in at least {@code parallelism} groups. */
  public RecountPlan plan(int maxFiles, int parallelism) {
    SnapshotTables t = SnapshotTables.load(resources);
    return new RecountPlanner(resources.objectStore()).plan(SnapshotFileLedger.load(t.ledger()), maxFiles, parallelism);
  }

  /** Ingests one file group, exactly once per file version whatever the retries and races. */
  public RecountGroupResult ingest(RecountFileGroup group) {
    return groupIngest(SnapshotTables.load(resources)).ingest(group.files());
  }

  public LatestUpsertPlan planLatest(int parallelism) {
    return latest(SnapshotTables.load(resources)).plan(parallelism);
  }

  /** Folds the plan's new rows into the partitions of these stores (a bucket of the plan). */
  public LatestStoresResult upsertLatest(LatestUpsertPlan plan, List<Integer> stores) {
    return latest(SnapshotTables.load(resources)).upsertStores(plan, stores);
  }

  /** The marker commit that ends an upsert (a no-op if it is already there). */
  public void commitLatest(LatestUpsertPlan plan, long changedPairs) {
    latest(SnapshotTables.load(resources)).commitMarker(plan, changedPairs);
  }

  /** Everything in one call, sequentially: every new file as one group, then the whole upsert. */
  public SnapshotIngestResult run() {
    SnapshotTables t = SnapshotTables.load(resources);
    RecountPlanner.Listing listing = new RecountPlanner(resources.objectStore()).list(SnapshotFileLedger.load(t.ledger()));
    RecountGroupResult r = listing.newFiles().isEmpty()
        ? new RecountGroupResult(0, 0, 0, 0, Map.of(), 0, 0)
        : groupIngest(t).ingest(listing.newFiles());
    LatestSnapshotUpsert.Outcome up = latest(t).run();
    return new SnapshotIngestResult(listing.seen(), r.filesIngested(), listing.skipped() + r.filesReuploaded(),
        r.rows(), r.rejected(), new TreeMap<>(r.rejectsByReason()), up.changedPairs());
  }

  private RecountGroupIngest groupIngest(SnapshotTables t) {
    // the reference data (100k items) is read only when the reference files changed since the last call
    Validation validation = ValidationCache.get(resources.objectStore(),
        () -> Validation.of(ReferenceTables.of(resources).readReferenceData()));
    return new RecountGroupIngest(resources.objectStore(), t,
        new SnapshotCsvParser(validation, resources.config().get(PosSettings.CSV_MAX_LINE_LENGTH)), progress, seams);
  }

  private LatestSnapshotUpsert latest(SnapshotTables t) {
    return new LatestSnapshotUpsert(t.snapshots(), t.latest(), progress);
  }
}
