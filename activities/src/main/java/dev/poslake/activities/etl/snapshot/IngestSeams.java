package dev.poslake.activities.etl.snapshot;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Test seams of the recount ingest; throw from one to simulate a crash there, block in one to let a racing attempt
 * go first.
 *
 * @param checkpoint called with a table's name after its commit step (whether or not this attempt committed)
 * @param beforeCommit called with a table's name after the "already committed?" check, right before each commit
 *     attempt
 * @param midFile called with a file's key and the rows read so far, after its first row and every
 *     {@value RecountGroupIngest#MID_FILE_EVERY} rows
 */
public record IngestSeams(Consumer<String> checkpoint, Consumer<String> beforeCommit,
    BiConsumer<String, Long> midFile) {
  public static IngestSeams none() {
    return new IngestSeams(t -> { }, t -> { }, (k, n) -> { });
  }

  public IngestSeams withCheckpoint(Consumer<String> c) {
    return new IngestSeams(c, beforeCommit, midFile);
  }

  public IngestSeams withBeforeCommit(Consumer<String> c) {
    return new IngestSeams(checkpoint, c, midFile);
  }

  public IngestSeams withMidFile(BiConsumer<String, Long> c) {
    return new IngestSeams(checkpoint, beforeCommit, c);
  }
}
