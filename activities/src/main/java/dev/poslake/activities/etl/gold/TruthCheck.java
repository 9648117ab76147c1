package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.GoldRow;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * A comparison of gold with the source's true stock (the generator's), run inside {@link GoldVerifier}'s pass so
 * gold is read once, store by store. Its counts and clock are the truth fields of {@link VerifyReport}.
 */
public interface TruthCheck {
  /** Compares one store's gold rows with the truth; describes each mismatch to {@code examples}. */
  void store(Collection<GoldRow> gold, Consumer<String> examples);

  /** After the last store: the truth's pairs that gold lacks. */
  void finish(Consumer<String> examples);

  long compared();

  long mismatches();

  /** The time the truth is for (ISO-8601). */
  String clock();
}
