package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.io.api.Binary;

/**
 * The rare second pass of the commit step: the groups' change files that hold rows of losing occurrences
 * ({@link BatchDuplicates}) are copied without those rows, under the plan's prefix; the other files are committed
 * as written. A file is affected only if a loser lies within its (source_partition, source_offset) bounds.
 */
final class ChangeRewrite {
  /** The files to commit, and the rows left out. */
  record Result(List<DataFile> files, long droppedRows, int rewritten) {}

  private ChangeRewrite() {}

  static Result apply(Table change, SilverPlan plan, List<DataFile> files, BatchDuplicates losers, String attempt,
      ProgressReporter progress) {
    if (losers.count() == 0) return new Result(files, 0, 0);
    int partitionId = change.schema().findField(InventoryChangeTable.SOURCE_PARTITION).fieldId();
    int offsetId = change.schema().findField(InventoryChangeTable.SOURCE_OFFSET).fieldId();
    List<DataFile> kept = new ArrayList<>();
    List<DataFile> affected = new ArrayList<>();
    for (DataFile f : files) {
      if (mayHoldLoser(f, partitionId, offsetId, losers)) affected.add(f);
      else kept.add(f);
    }
    if (affected.isEmpty()) return new Result(files, 0, 0);
    long[] dropped = {0};
    try (ChangeFiles out = new ChangeFiles(change, SilverStaging.planPrefix(change, plan.planId()),
        "commit-" + attempt, 0)) {
      ChangeRowBuffer row = out.buffer();
      for (DataFile f : affected) {
        DataFileRecords.forEach(change, f, change.schema(), r -> {
          int partition = (Integer) r.getField(InventoryChangeTable.SOURCE_PARTITION);
          long offset = (Long) r.getField(InventoryChangeTable.SOURCE_OFFSET);
          if (losers.loses(Positions.of(partition, offset))) {
            dropped[0]++;
            return;
          }
          row.transId = Binary.fromConstantByteArray(
              ((String) r.getField(InventoryChangeTable.TRANS_ID)).getBytes(StandardCharsets.US_ASCII));
          row.storeId = (Integer) r.getField(InventoryChangeTable.STORE_ID);
          row.dateTimeMicros = Times.micros(((OffsetDateTime) r.getField(InventoryChangeTable.DATE_TIME)).toInstant());
          row.changeTypeId = (Integer) r.getField(InventoryChangeTable.CHANGE_TYPE_ID);
          row.itemId = (Integer) r.getField(InventoryChangeTable.ITEM_ID);
          row.quantity = (Integer) r.getField(InventoryChangeTable.QUANTITY);
          row.part = (Integer) r.getField(InventoryChangeTable.PART);
          row.parts = (Integer) r.getField(InventoryChangeTable.PARTS);
          row.line = (Integer) r.getField(InventoryChangeTable.LINE);
          row.sourcePartition = partition;
          row.sourceOffset = offset;
          row.ingestedAtMicros = Times.micros(
              ((OffsetDateTime) r.getField(InventoryChangeTable.INGESTED_AT)).toInstant());
          out.writeRow();
        });
        progress.progress(() -> "silver commit: rewriting files with duplicates");
      }
      kept.addAll(out.complete());
    }
    return new Result(kept, dropped[0], affected.size());
  }

  private static boolean mayHoldLoser(DataFile f, int partitionId, int offsetId, BatchDuplicates losers) {
    Map<Integer, ByteBuffer> lower = f.lowerBounds();
    Map<Integer, ByteBuffer> upper = f.upperBounds();
    if (lower == null || upper == null || lower.get(partitionId) == null || lower.get(offsetId) == null
        || upper.get(partitionId) == null || upper.get(offsetId) == null) {
      return true;
    }
    // every row's position lies between these two: positions order like (partition, offset)
    long from = Positions.of(Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), lower.get(partitionId)),
        Conversions.<Long>fromByteBuffer(Types.LongType.get(), lower.get(offsetId)));
    long to = Positions.of(Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), upper.get(partitionId)),
        Conversions.<Long>fromByteBuffer(Types.LongType.get(), upper.get(offsetId)));
    return losers.anyWithin(from, to);
  }
}
