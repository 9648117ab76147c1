package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.domain.ChangeLine;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.catalog.io.StagedDataFiles;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.parquet.io.api.Binary;

/**
 * Uncommitted inventory_change files under a plan's prefix ({@link SilverStaging}). A part's lines share trans_id,
 * store_id and date_time, so the partition (day, store bucket) is resolved once per part, from a small map keyed by
 * (day, store), and the lines are written field by field ({@link ChangeRowParquet}).
 */
final class ChangeFiles implements AutoCloseable {
  private final StagedDataFiles<ChangeRowBuffer> files;
  private final ChangeRowBuffer row;
  private final PartitionKey partitionKey;
  private final Map<Long, StagedDataFiles<ChangeRowBuffer>.Partition> byDayStore = new HashMap<>();
  private long rows;

  ChangeFiles(Table change, String prefix, String name, long ingestedAtMicros) {
    this.files = StagedDataFiles.of(change, prefix, name, ChangeRowParquet::create);
    this.row = new ChangeRowBuffer(change.schema());
    this.partitionKey = new PartitionKey(change.spec(), change.schema());
    row.ingestedAtMicros = ingestedAtMicros;
  }

  /** Writes the part's lines: the occurrence silver keeps. */
  void part(ParsedTransaction t, long dateTimeMicros, int sourcePartition, long sourceOffset) {
    ChangeRowBuffer r = row;
    r.transId = Binary.fromConstantByteArray(t.transId().getBytes(StandardCharsets.UTF_8));
    r.storeId = t.storeId();
    r.dateTimeMicros = dateTimeMicros;
    r.changeTypeId = t.changeTypeId();
    r.part = t.part();
    r.parts = t.parts();
    r.sourcePartition = sourcePartition;
    r.sourceOffset = sourceOffset;
    StagedDataFiles<ChangeRowBuffer>.Partition out = partitionOf(dateTimeMicros, t.storeId());
    List<ChangeLine> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      ChangeLine line = lines.get(i);
      r.itemId = line.itemId();
      r.quantity = line.quantity();
      r.line = line.line();
      out.write(r);
    }
    rows += lines.size();
  }

  /** The row buffer to fill for {@link #writeRow()} (copying rows of another file). */
  ChangeRowBuffer buffer() {
    return row;
  }

  void writeRow() {
    partitionOf(row.dateTimeMicros, row.storeId).write(row);
    rows++;
  }

  private StagedDataFiles<ChangeRowBuffer>.Partition partitionOf(long micros, int storeId) {
    long day = Math.floorDiv(micros, DayStores.MICROS_PER_DAY);
    Long key = (day << 32) | (storeId & 0xFFFFFFFFL);
    StagedDataFiles<ChangeRowBuffer>.Partition p = byDayStore.get(key);
    if (p == null) {
      partitionKey.partition(row); // the transforms, on the row's date_time and store_id
      p = files.partition(partitionKey);
      byDayStore.put(key, p);
    }
    return p;
  }

  long rows() {
    return rows;
  }

  List<DataFile> complete() {
    return files.complete();
  }

  void abort() {
    files.abort();
  }

  @Override
  public void close() {
    files.close();
  }
}
