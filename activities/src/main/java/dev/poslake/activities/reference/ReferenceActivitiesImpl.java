package dev.poslake.activities.reference;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.Supplier;

/** Temporal adapter of {@link ReferenceTables}: an invalid file is a non-retryable failure (fix the file). */
public final class ReferenceActivitiesImpl implements ReferenceActivities {
  private final ReferenceTables tables;

  public ReferenceActivitiesImpl(ReferenceTables tables) {
    this.tables = tables;
  }

  @Override
  public List<String> ensureUploaded(int physicalStores) {
    return run(() -> tables.ensureUploaded(physicalStores));
  }

  @Override
  public ReferenceTables.RefreshResult refresh() {
    return run(tables::refresh);
  }

  private static <T> T run(Supplier<T> step) {
    try {
      return step.get();
    } catch (ReferenceFileException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), INVALID_REFERENCE_FILE, e);
    }
  }
}
