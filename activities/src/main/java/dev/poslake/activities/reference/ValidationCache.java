package dev.poslake.activities.reference;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.Validation;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The reference ids to validate against (recount lines, POS messages), re-read only when a reference file's ETag
 * changes: parsing item.txt (100k lines) costs about a second, more than ingesting a small recount file, and
 * silver's parse activities run several at a time on one worker. One process-wide entry; concurrent callers that
 * miss wait for one load instead of each parsing the files.
 */
public final class ValidationCache {
  private record Entry(String etags, Validation validation) {}

  private static volatile Entry cached;
  private static final Object LOADING = new Object();

  private ValidationCache() {}

  /** The reference files of the pipeline's bucket, validated. */
  public static Validation get(PipelineResources resources) {
    return get(resources.objectStore(), () -> Validation.of(ReferenceTables.of(resources).readReferenceData()));
  }

  public static Validation get(ObjectStore objects, Supplier<Validation> load) {
    StringBuilder etags = new StringBuilder(objects.bucket());
    for (ReferenceTables.Source s : ReferenceTables.Source.values()) {
      etags.append('|').append(objects.head(s.key()).map(h -> h.eTag()).orElse("-"));
    }
    String key = etags.toString();
    Entry e = cached;
    if (e != null && Objects.equals(e.etags(), key)) {
      return e.validation();
    }
    synchronized (LOADING) {
      e = cached;
      if (e != null && Objects.equals(e.etags(), key)) {
        return e.validation();
      }
      Validation v = load.get();
      cached = new Entry(key, v);
      return v;
    }
  }
}
