package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.SourceClock;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Gold freshness, the one definition used by the run log, `pos ops status`, the ops page and /metrics:
 * source time minus the newest event in gold, never negative. Source time is the generator's simulated clock
 * when a generator state exists (its clock runs `speed` times faster than wall time, so the wall clock would
 * often be behind the events), else the wall clock (e.g. replayed or real POS data). The callers pass the
 * generator's clock as a {@link SourceClock} (GeneratorClock), which keeps the ETL free of the generator.
 *
 * @param sourceIsGenerator true if {@code sourceTimeMillis} is the generator's clock, false for the wall clock
 */
public record GoldFreshness(long newestEventMillis, long sourceTimeMillis, boolean sourceIsGenerator) {

  public long millis() {
    return Math.max(0, sourceTimeMillis - newestEventMillis);
  }

  public long seconds() {
    return millis() / 1000;
  }

  /** Empty while gold has no rows. */
  public static Optional<GoldFreshness> measure(PipelineResources res, SourceClock source) {
    OptionalLong newest = newestEventMillis(res.catalog().loadTable(res.table(CurrentInventoryTable.NAME)));
    if (newest.isEmpty()) return Optional.empty();
    return Optional.of(of(newest.getAsLong(), source.ownTimeMillis(), System.currentTimeMillis()));
  }

  /** The definition: against the source's own clock (the generator's) if known, else the wall clock. */
  public static GoldFreshness of(long newestEventMillis, OptionalLong sourceClockMillis, long wallClockMillis) {
    return new GoldFreshness(newestEventMillis, sourceClockMillis.orElse(wallClockMillis),
        sourceClockMillis.isPresent());
  }

  /**
   * The newest {@code date_time} in current_inventory, from file statistics (no data file is read). Gold's
   * merge-on-read leaves deleted rows in data files, whose bounds still count them; the maximum stays exact
   * because a pair's replacing row is never older than the row it deletes (a sum extended by newer changes, or
   * a recount at a later S), so every deleted date_time is matched by a live one at least as new.
   */
  public static OptionalLong newestEventMillis(Table gold) {
    if (gold.currentSnapshot() == null) return OptionalLong.empty();
    int fieldId = gold.schema().findField(CurrentInventoryTable.DATE_TIME).fieldId();
    long newestMicros = Long.MIN_VALUE;
    try (CloseableIterable<FileScanTask> tasks = gold.newScan().includeColumnStats().planFiles()) {
      for (FileScanTask t : tasks) {
        Map<Integer, ByteBuffer> upper = t.file().upperBounds();
        ByteBuffer b = upper == null ? null : upper.get(fieldId);
        if (b != null) {
          long micros = Conversions.fromByteBuffer(Types.TimestampType.withZone(), b);
          newestMicros = Math.max(newestMicros, micros);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return newestMicros == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(newestMicros / 1000);
  }
}
