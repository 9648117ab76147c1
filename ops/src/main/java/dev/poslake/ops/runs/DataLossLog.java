package dev.poslake.ops.runs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The run log rows that record lost Kafka offsets, as the run log feed hands them over: the newest
 * {@link #KEEP} (for the ops page's red banner) and the total. Loss is never silent: these stay on the page.
 */
public final class DataLossLog implements Consumer<RunRow> {
  public static final int KEEP = 20;
  private final Deque<RunRow> newest = new ArrayDeque<>();
  private long total;

  @Override
  public synchronized void accept(RunRow r) {
    if (!r.lostData()) return;
    total += r.lostOffsets();
    newest.addFirst(r);
    while (newest.size() > KEEP) newest.removeLast();
  }

  /** Newest first. */
  public synchronized List<RunRow> newest() {
    return new ArrayList<>(newest);
  }

  public synchronized long totalLostOffsets() {
    return total;
  }
}
