package dev.poslake.activities.etl.gold;

import java.util.Optional;

/** Where {@link GoldVerifier} gets its {@link TruthCheck}: asked once per verify, after gold's inputs are read. */
@FunctionalInterface
public interface TruthSource {
  /** A check against the truth as it is now; empty if there is none. */
  Optional<TruthCheck> load();

  /** No truth: gold is only compared with the full recomputation. */
  TruthSource NONE = Optional::empty;
}
