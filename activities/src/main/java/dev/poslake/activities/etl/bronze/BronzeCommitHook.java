package dev.poslake.activities.etl.bronze;

import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * Test seam: called after the range's data files are written and immediately before each commit attempt.
 * Throwing simulates a crash between writing files and committing; running another ingest from inside
 * simulates a stale attempt racing its retry.
 */
@FunctionalInterface
public interface BronzeCommitHook {
  BronzeCommitHook NONE = (range, files, attempt) -> {};

  void beforeCommit(PartitionRange range, List<DataFile> files, int attempt);
}
