package dev.poslake.activities.generator;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.env.SourceClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The generator as a source: its simulated clock after its last run, from its state; none before its first run. */
public final class GeneratorClock implements SourceClock {
  private final ObjectStore store;

  public GeneratorClock(ObjectStore store) {
    this.store = store;
  }

  @Override
  public OptionalLong ownTimeMillis() {
    // the clock is in the first bytes: a range read, not the whole state (tens of MB with many stores)
    try (InputStream in = store.s3().getObject(r -> r.bucket(store.bucket())
        .key(GeneratorState.OBJECT_KEY).range("bytes=0-65535"))) {
      return OptionalLong.of(GeneratorState.readClockMillis(in));
    } catch (NoSuchKeyException none) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
