package dev.poslake.activities.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Saved schedule states, one JSON object per schedule: {@code schedules/<scheduleId>.json} in the bucket. */
public final class ScheduleStateStore {
  static final String PREFIX = "schedules/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectStore store;

  public ScheduleStateStore(ObjectStore store) {
    this.store = store;
  }

  static String key(String scheduleId) {
    return PREFIX + scheduleId + ".json";
  }

  public Optional<ScheduleStateRecord> load(String scheduleId) {
    return store.getIfExists(key(scheduleId)).map(bytes -> {
      try {
        return JSON.readValue(bytes, ScheduleStateRecord.class);
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable saved state of schedule " + scheduleId, e);
      }
    });
  }

  /**
   * Saves {@code state} unless a newer revision is saved already (a retry that lost a race with a later change).
   * Idempotent: saving the same record again writes the same object.
   *
   * @return false if a newer revision was kept
   */
  public boolean save(ScheduleStateRecord state) {
    Optional<ScheduleStateRecord> saved = load(state.scheduleId());
    if (saved.isPresent() && saved.get().revision() > state.revision()) return false;
    try {
      store.put(key(state.scheduleId()), JSON.writeValueAsBytes(state));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }
}
