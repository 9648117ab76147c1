package dev.poslake.activities.etl.silver;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * Uncommitted inventory_change files written exactly as silver writes them (same columns, writer and partitioning),
 * for a step outside the silver batch that adds valid parts (reprocessed rejects). Commits nothing.
 */
public final class StagedChangeRows implements AutoCloseable {
  private final ChangeFiles files;

  /** Files under {@code prefix}, named {@code name-NNNNN.parquet}; every row gets {@code ingestedAt}. */
  public StagedChangeRows(Table change, String prefix, String name, Instant ingestedAt) {
    this.files = new ChangeFiles(change, prefix, name, Timestamps.micros(ingestedAt));
  }

  /** The part's lines, with the Kafka position of the record it came from. */
  public void part(ParsedTransaction t, int sourcePartition, long sourceOffset) {
    files.part(t, Timestamps.micros(t.dateTime()), sourcePartition, sourceOffset);
  }

  public long rows() {
    return files.rows();
  }

  public List<DataFile> complete() {
    return files.complete();
  }

  public void abort() {
    files.abort();
  }

  @Override
  public void close() {
    files.close();
  }
}
