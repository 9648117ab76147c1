package dev.poslake.activities.etl.snapshot;

import java.util.List;

/**
 * A recount object the plan found not yet ingested (activity payload: about 150 bytes).
 *
 * @param key the object key
 * @param etag the ETag the listing reported (recorded in the ledger row)
 * @param size bytes
 * @param knownSha256s content hashes of this key's versions already in the ledger: a re-upload of one of them is
 *     recorded with its new ETag and not ingested again (empty for a new key)
 */
public record RecountObject(String key, String etag, long size, List<String> knownSha256s) {
  public RecountObject {
    knownSha256s = knownSha256s == null ? List.of() : List.copyOf(knownSha256s);
  }
}
