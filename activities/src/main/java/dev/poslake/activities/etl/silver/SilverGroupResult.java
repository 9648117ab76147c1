package dev.poslake.activities.etl.silver;

import java.util.Map;

/**
 * What one parse activity wrote for its group, all UNCOMMITTED: handles and counts only, never rows (activity
 * results travel through Temporal's history, with a 2 MB limit).
 *
 * @param bronzeRecords records of the group's files
 * @param parts valid parts the group kept: the first occurrence of each key within the group
 * @param changeRows inventory_change rows written for them
 * @param duplicates valid parts whose key occurred earlier in the group
 * @param keys distinct keys in the key file (= parts)
 * @param attempt the id of the attempt that wrote the files: names its key file, the group's sorted keys and
 *     touched (day, store) pairs ({@link KeyFile}, {@link SilverStaging#keyFilePath})
 * @param changeManifest Iceberg manifest of the group's inventory_change files, encoded (null: none)
 * @param rejectManifest the same for its rejected_inventory_change files (null: none, or rejects not written)
 * @param secondPass the group's positions came out of order: it parsed its files twice
 */
public record SilverGroupResult(int group, long bronzeRecords, long parts, long changeRows, long duplicates,
    long rejected, Map<String, Long> rejectsByReason, long keys, String attempt, byte[] changeManifest,
    byte[] rejectManifest, boolean secondPass) {
  public SilverGroupResult {
    rejectsByReason = Map.copyOf(rejectsByReason);
  }
}
