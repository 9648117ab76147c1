package dev.poslake.activities.env;

import java.util.OptionalLong;

/**
 * The time the source of the events is at, if the source keeps a clock of its own (the generator's simulated
 * clock). Lets gold freshness use it (GoldFreshness, where the rule is) without the ETL knowing the source.
 */
@FunctionalInterface
public interface SourceClock {
  /** The source's own time, epoch millis; empty if it has none. */
  OptionalLong ownTimeMillis();
}
