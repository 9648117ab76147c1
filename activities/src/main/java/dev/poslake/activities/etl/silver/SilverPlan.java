package dev.poslake.activities.etl.silver;

import java.util.List;
import java.util.Map;

/**
 * One silver batch as the plan activity fixed it, for the parse and commit activities: which bronze rows (the
 * append snapshots in ({@code fromBronzeSnapshot}, {@code toBronzeSnapshot}]), how their files are grouped, and
 * the silver state the commit must still find ({@link dev.poslake.catalog.io.StateGuard}). A few hundred bytes:
 * groups are ranges of the batch's file list, which each activity derives again from the bronze snapshots.
 *
 * @param planId random; names where the plan's uncommitted files go ({@link SilverStaging})
 * @param fromBronzeSnapshot exclusive start, null for the first batch
 * @param toBronzeSnapshot inclusive end; equals the start (0 if none) when there is nothing to do
 * @param changeState inventory_change's newest non-replace snapshot when planned (null: none)
 * @param rejectedState the same for rejected_inventory_change
 * @param writeRejects false when an earlier attempt committed this batch's rejects already
 * @param files number of bronze files of the batch, in position order ({@link BronzeBatch#inPositionOrder})
 * @param filesChecksum checksum of their paths in that order: a parse activity refuses a different list
 */
public record SilverPlan(String planId, Long fromBronzeSnapshot, long toBronzeSnapshot, int bronzeSnapshots,
    Long changeState, Long rejectedState, boolean writeRejects, int files, long filesChecksum,
    List<ParseGroup> groups) {

  public SilverPlan {
    groups = List.copyOf(groups);
  }

  /** Files [firstFile, endFile) of the batch's ordered file list, about {@code bytes} of bronze. */
  public record ParseGroup(int index, int firstFile, int endFile, long bytes) {}

  static SilverPlan nothingAfter(Long processed) {
    long at = processed == null ? 0 : processed;
    return new SilverPlan(null, processed, at, 0, null, null, false, 0, 0, List.of());
  }

  /** False: no new bronze rows, nothing to parse or commit. */
  public boolean hasWork() {
    return !groups.isEmpty();
  }

  /** The result of a plan without work. */
  public SilverResult nothingDone() {
    long at = fromBronzeSnapshot == null ? 0 : fromBronzeSnapshot;
    return new SilverResult(0, 0, 0, 0, Map.of(), 0, 0, at, at);
  }
}
