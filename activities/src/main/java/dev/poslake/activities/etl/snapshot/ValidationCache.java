package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.reference.ReferenceTables;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The reference ids to validate recount lines against, re-read only when a reference file's ETag changes:
 * parsing item.txt (100k lines) costs about a second, more than ingesting a small recount file.
 */
final class ValidationCache {
  private record Entry(String etags, Validation validation) {}

  private static volatile Entry cached;

  private ValidationCache() {}

  static Validation get(ObjectStore objects, Supplier<Validation> load) {
    StringBuilder etags = new StringBuilder(objects.bucket());
    for (ReferenceTables.Source s : ReferenceTables.Source.values()) {
      etags.append('|').append(objects.head(s.key()).map(h -> h.eTag()).orElse("-"));
    }
    String key = etags.toString();
    Entry e = cached;
    if (e != null && Objects.equals(e.etags(), key)) {
      return e.validation();
    }
    Validation v = load.get();
    cached = new Entry(key, v);
    return v;
  }
}
