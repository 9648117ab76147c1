package dev.poslake.catalog.io;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Table;

/**
 * One lock per table in this JVM, for parallel activities that commit to the same table: taking turns on it
 * around {@code commit()} costs them nothing, while racing makes each loser refresh, rewrite its manifest list and
 * sleep Iceberg's retry backoff (100 ms and up). Only a performance aid: other processes still race, and
 * validation still decides what may commit.
 */
public final class CommitLocks {
  private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

  private CommitLocks() {}

  public static Object of(Table table) {
    return LOCKS.computeIfAbsent(table.location(), l -> new Object());
  }
}
