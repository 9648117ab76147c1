package dev.poslake.activities.etl.gold;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Plans computed once per key within this JVM: a run's gold buckets start within seconds of each other and plan
 * from the same metadata (snapshot ids pin it), so the first caller plans and the others wait for it. A caller whose
 * planner failed plans for itself: the error was the other attempt's. Keeps the most recent {@code keep} keys.
 */
final class SharedPlans<K, V> {
  private final Map<K, CompletableFuture<V>> plans;

  SharedPlans(int keep) {
    this.plans = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, CompletableFuture<V>> eldest) {
        return size() > keep;
      }
    };
  }

  V get(K key, Supplier<V> planner) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> planned;
    synchronized (plans) {
      planned = plans.putIfAbsent(key, mine);
    }
    if (planned != null) {
      try {
        return planned.join();
      } catch (CompletionException | CancellationException failed) {
        return planner.get();
      }
    }
    try {
      V plan = planner.get();
      mine.complete(plan);
      return plan;
    } catch (RuntimeException | Error e) {
      synchronized (plans) {
        plans.remove(key, mine);
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }
}
