package dev.poslake.activities.etl.gold;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.maintenance.FoldListener;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the files a compaction fold of current_inventory writes in this worker's {@link SmallGoldFiles}, as a
 * merge-on-read keeps its own: without them the first merge after a fold fetched two files per store (at 1,000
 * stores that touch took 6.99 s against 4.3-5.3 s for its neighbours).
 */
public final class SmallGoldFoldListener implements FoldListener {
  private static final Logger LOG = LoggerFactory.getLogger(SmallGoldFoldListener.class);

  @Override
  public void folded(Table table, DataFile data, List<Record> rows, DeleteFile deletes,
      Map<String, long[]> positions) {
    try {
      if (data != null && rows.size() <= SmallGoldFiles.MAX_ROWS) {
        List<GoldRow> decoded = new ArrayList<>(rows.size());
        for (Record r : rows) decoded.add(asDecoded(r));
        SmallGoldFiles.SHARED.putRows(data.location(), decoded);
      }
      if (deletes != null) {
        positions.forEach((dataFile, p) -> SmallGoldFiles.SHARED.putDeleted(deletes.location(), dataFile, p));
      }
    } catch (RuntimeException e) { // a row another engine wrote differently: the look-up reads the file instead
      LOG.debug("fold of {}: its files are not kept in memory", table.name(), e);
    }
  }

  /** The row as {@link GoldRowLookup} decodes it: current_inventory derived, the time in microseconds. */
  private static GoldRow asDecoded(Record r) {
    int snapshot = (Integer) r.getField(CurrentInventoryTable.SNAPSHOT_QUANTITY);
    long change = (Long) r.getField(CurrentInventoryTable.CHANGE_QUANTITY);
    long micros = Timestamps.micros(((OffsetDateTime) r.getField(CurrentInventoryTable.DATE_TIME)).toInstant());
    return new GoldRow((Integer) r.getField(CurrentInventoryTable.STORE_ID),
        (Integer) r.getField(CurrentInventoryTable.ITEM_ID), snapshot, change, snapshot + change,
        Timestamps.instantOfMicros(micros));
  }
}
