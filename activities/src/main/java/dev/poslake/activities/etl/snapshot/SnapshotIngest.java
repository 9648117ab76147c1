package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.SnapshotCsvParser;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.config.PosSettings;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The snapshot step, Temporal-free: ingest every recount file version under {@value #PREFIX} not yet in the
 * {@code ingested_snapshot_file} ledger, then upsert {@code latest_inventory_snapshot}.
 *
 * <p>Which files: an object whose (key, ETag) is in the ledger is skipped unread. Otherwise its content is
 * hashed; a (key, SHA-256) already in the ledger is a re-upload of the same content (e.g. a multipart upload
 * gives another ETag): recorded with the new ETag, skipped. A changed content under an ingested name is a new
 * version and is ingested again: inventory_snapshot keeps every row ever ingested, and the latest-snapshot rule
 * decides per pair (a corrected recount must carry a later date_time to win over the old one for sure: on equal
 * date_time the rule's content-based tie-break applies, so the outcome never depends on arrival order).
 */
public final class SnapshotIngest {
  public static final String PREFIX = RecountFileKey.PREFIX;

  private final PipelineResources resources;
  private final Consumer<String> progress;
  private Consumer<String> checkpoint = what -> {};
  private Consumer<String> beforeCommit = what -> {};

  public SnapshotIngest(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  /** Test seam: called with the table name after each commit; throw from it to simulate a crash there. */
  public SnapshotIngest checkpoint(Consumer<String> checkpoint) {
    this.checkpoint = checkpoint;
    return this;
  }

  /**
   * Test seam: called with the table name after the "already committed?" check, right before each commit attempt;
   * block in it to let a racing attempt commit first.
   */
  public SnapshotIngest beforeCommit(Consumer<String> beforeCommit) {
    this.beforeCommit = beforeCommit;
    return this;
  }

  public SnapshotIngestResult run() {
    var catalog = resources.catalog();
    var ns = resources.namespace();
    Table snapshots = InventorySnapshotTable.DEFINITION.ensure(catalog, ns);
    Table rejects = RejectedSnapshotRowTable.DEFINITION.ensure(catalog, ns);
    Table latest = LatestInventorySnapshotTable.DEFINITION.ensure(catalog, ns);
    Table ledgerTable = IngestedSnapshotFileTable.DEFINITION.ensure(catalog, ns);
    SnapshotFileLedger ledger = SnapshotFileLedger.load(ledgerTable, beforeCommit);

    List<S3Object> objects;
    try (var listing = resources.objectStore().list(PREFIX)) {
      objects = listing.filter(o -> o.key().endsWith(".csv"))
          // recount-time order (then key) keeps the history readable; correctness does not depend on it
          .sorted(Comparator.comparing((S3Object o) -> RecountFileKey.parse(o.key())
                  .map(RecountFileKey::recountTime).orElse(Instant.EPOCH))
              .thenComparing(S3Object::key))
          .collect(Collectors.toList());
    }
    int ingested = 0;
    int skipped = 0;
    long rows = 0;
    long rejected = 0;
    Map<String, Long> reasons = new TreeMap<>();
    SnapshotFileIngest files = null;
    for (S3Object o : objects) {
      String key = o.key();
      String etag = o.eTag();
      if (ledger.hasEtag(key, etag)) {
        skipped++;
        continue;
      }
      if (files == null) {
        // the reference data (100k items) is read only when there is something to validate
        Validation validation = ValidationCache.get(resources.objectStore(),
            () -> Validation.of(ReferenceTables.of(resources).readReferenceData()));
        files = new SnapshotFileIngest(resources.objectStore(), snapshots, rejects,
            new SnapshotCsvParser(validation, resources.config().get(PosSettings.CSV_MAX_LINE_LENGTH)),
            progress, checkpoint, beforeCommit);
      }
      if (!ledger.sha256s(key).isEmpty()) {
        String sha = files.sha256(key);
        if (ledger.hasVersion(key, sha)) {
          ledger.record(key, etag, sha, o.size(), 0, 0); // same content re-uploaded: remember the new ETag
          skipped++;
          continue;
        }
      }
      progress.accept("ingesting " + key);
      SnapshotFileIngest.Outcome out = files.ingest(key);
      ledger.record(key, etag, out.sha256(), o.size(), out.rows(), out.rejected());
      checkpoint.accept(IngestedSnapshotFileTable.NAME);
      ingested++;
      rows += out.rows();
      rejected += out.rejected();
      out.rejectsByReason().forEach((r, n) -> reasons.merge(r, n, Long::sum));
    }
    LatestSnapshotUpsert.Outcome up = new LatestSnapshotUpsert(snapshots, latest, progress).run();
    return new SnapshotIngestResult(objects.size(), ingested, skipped, rows, rejected, reasons, up.changedPairs());
  }
}
