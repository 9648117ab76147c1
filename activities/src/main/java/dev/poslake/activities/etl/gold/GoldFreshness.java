package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.generator.GeneratorState;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.io.IOException;
import java.io.InputStream;
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
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Gold freshness, the one definition used by the run log, `pos ops status`, the ops page and /metrics:
 * source time minus the newest event in gold, never negative. Source time is the generator's simulated clock
 * when a generator state exists (its clock runs `speed` times faster than wall time, so the wall clock would
 * often be behind the events), else the wall clock (e.g. replayed or real POS data).
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
  public static Optional<GoldFreshness> measure(PipelineResources res) {
    OptionalLong newest = newestEventMillis(res.catalog().loadTable(res.table(CurrentInventoryTable.NAME)));
    if (newest.isEmpty()) return Optional.empty();
    return Optional.of(of(newest.getAsLong(), generatorClockMillis(res), System.currentTimeMillis()));
  }

  /** The definition: against the generator's clock if known, else the wall clock. */
  public static GoldFreshness of(long newestEventMillis, OptionalLong generatorClockMillis, long wallClockMillis) {
    return new GoldFreshness(newestEventMillis, generatorClockMillis.orElse(wallClockMillis),
        generatorClockMillis.isPresent());
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

  /** The generator's simulated clock after its last run, read from its state's header; empty without one. */
  public static OptionalLong generatorClockMillis(PipelineResources res) {
    // the clock is in the first bytes: a range read, not the whole state (tens of MB with many stores)
    try (InputStream in = res.objectStore().s3().getObject(r -> r.bucket(res.objectStore().bucket())
        .key(GeneratorState.OBJECT_KEY).range("bytes=0-65535"))) {
      return OptionalLong.of(GeneratorState.readClockMillis(in));
    } catch (NoSuchKeyException none) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
