package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.env.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Which recount objects a run ingests, and in which groups. An object whose (key, ETag) the ledger has is skipped
 * unread; the others are new file versions, or re-uploads of an ingested content (the group finds out by hashing).
 * Files are taken in recount-time order (then key), at most {@link #MAX_FILES_PER_RUN} per run so the plan stays a
 * small payload whatever the backlog (about 150 bytes a file: 4,000 files are 0.6 MB of Temporal's 2 MB limit), and
 * cut into contiguous groups: at least {@code parallelism} of them (so a small run still spreads over the workers'
 * slots), at most {@link #MAX_FILES_PER_GROUP} files each (so a retry redoes little, and a group's commits hold a
 * bounded number of versions).
 */
public final class RecountPlanner {
  public static final int MAX_FILES_PER_RUN = 4_000;
  public static final int MAX_FILES_PER_GROUP = 64;
  public static final int DEFAULT_PARALLELISM = 8;

  private final ObjectStore objects;

  public RecountPlanner(ObjectStore objects) {
    this.objects = objects;
  }

  /** All new recount objects, in recount-time order; the counts of what was listed and skipped. */
  record Listing(List<RecountObject> newFiles, int seen, int skipped) {}

  Listing list(SnapshotFileLedger ledger) {
    List<S3Object> listed;
    try (var listing = objects.list(RecountFileKey.PREFIX)) {
      listed = listing.filter(o -> o.key().endsWith(".csv"))
          // recount-time order (then key) keeps the history readable; correctness does not depend on it
          .sorted(Comparator.comparing((S3Object o) -> RecountFileKey.parse(o.key())
                  .map(RecountFileKey::recountTime).orElse(Instant.EPOCH))
              .thenComparing(S3Object::key))
          .toList();
    }
    List<RecountObject> out = new ArrayList<>();
    int skipped = 0;
    for (S3Object o : listed) {
      if (ledger.hasEtag(o.key(), o.eTag())) {
        skipped++;
      } else {
        out.add(new RecountObject(o.key(), o.eTag(), o.size(), List.copyOf(ledger.sha256s(o.key()))));
      }
    }
    return new Listing(out, listed.size(), skipped);
  }

  RecountPlan plan(SnapshotFileLedger ledger, int maxFiles, int parallelism) {
    Listing l = list(ledger);
    List<RecountObject> now = l.newFiles().subList(0, Math.min(maxFiles, l.newFiles().size()));
    return new RecountPlan(l.seen(), l.skipped(), l.newFiles().size() - now.size(),
        groups(now, parallelism, MAX_FILES_PER_GROUP));
  }

  /** Contiguous groups of near-equal size: max(parallelism, ceil(n / maxPerGroup)) of them, never empty. */
  static List<RecountFileGroup> groups(List<RecountObject> files, int parallelism, int maxPerGroup) {
    int n = files.size();
    if (n == 0) return List.of();
    int count = Math.min(n, Math.max(Math.max(1, parallelism), (n + maxPerGroup - 1) / maxPerGroup));
    List<RecountFileGroup> out = new ArrayList<>(count);
    for (int g = 0; g < count; g++) {
      int from = (int) ((long) n * g / count);
      int to = (int) ((long) n * (g + 1) / count);
      out.add(new RecountFileGroup(g, files.subList(from, to)));
    }
    return out;
  }
}
