package dev.poslake.activities.etl.gold;

import java.util.concurrent.atomic.AtomicLong;

/** Counts of one bucket merge; stores merge in parallel, so they are atomic. */
final class MergeCounters {
  final AtomicLong keysTouched = new AtomicLong();
  final AtomicLong rowsUpserted = new AtomicLong();
  final AtomicLong pairsWithoutSnapshot = new AtomicLong();
  final AtomicLong silverRowsRead = new AtomicLong();
  final AtomicLong newestEventMillis = new AtomicLong();
  final AtomicLong storesDone = new AtomicLong();
  /** Progress besides silver rows: latest rows, file lists and gold rows read, stores written and done. */
  final AtomicLong steps = new AtomicLong();
  // thread time summed over stores, for the log: where a merge spends it
  final AtomicLong inputNanos = new AtomicLong();
  final AtomicLong goldReadNanos = new AtomicLong();
  final AtomicLong writeNanos = new AtomicLong();

  /** What the heartbeat gate watches: anything a store thread did. */
  long progress() {
    return silverRowsRead.get() + steps.get() + storesDone.get();
  }

  GoldResult result() {
    return new GoldResult(keysTouched.get(), rowsUpserted.get(), pairsWithoutSnapshot.get(), silverRowsRead.get(),
        newestEventMillis.get());
  }
}
