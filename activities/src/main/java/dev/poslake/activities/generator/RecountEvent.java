package dev.poslake.activities.generator;

import java.time.Instant;

/**
 * A full recount of one store at simulated time T: the true quantity of every item. Why arrays and not a list of
 * rows: a recount is 100k items per store; the arrays are live views of the generator state, valid only during
 * the {@link SimulationSink#recount} call, so the sink streams them out without copying.
 */
public final class RecountEvent {
  private final int storeId;
  private final Instant time;
  private final int employeeId;
  private final int[] itemIds;
  private final int[] quantities;

  RecountEvent(int storeId, Instant time, int employeeId, int[] itemIds, int[] quantities) {
    this.storeId = storeId;
    this.time = time;
    this.employeeId = employeeId;
    this.itemIds = itemIds;
    this.quantities = quantities;
  }

  /** For tests and replays: a recount over given rows (the arrays are not copied). */
  public static RecountEvent of(int storeId, Instant time, int employeeId, int[] itemIds, int[] quantities) {
    if (itemIds.length != quantities.length) throw new IllegalArgumentException("length mismatch");
    return new RecountEvent(storeId, time, employeeId, itemIds, quantities);
  }

  public int storeId() { return storeId; }
  public Instant time() { return time; }
  public int employeeId() { return employeeId; }
  public int size() { return itemIds.length; }
  public int itemId(int i) { return itemIds[i]; }
  public int quantity(int i) { return quantities[i]; }
}
