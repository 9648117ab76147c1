package dev.poslake.activities.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin activity over {@link ScheduleStateStore}. */
public final class ScheduleStateActivitiesImpl implements ScheduleStateActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleStateActivitiesImpl.class);
  private final ScheduleStateStore store;

  public ScheduleStateActivitiesImpl(ScheduleStateStore store) {
    this.store = store;
  }

  @Override
  public void save(ScheduleStateRecord state) {
    if (!store.save(state)) {
      LOG.info("schedule {}: a newer state than revision {} is saved already", state.scheduleId(), state.revision());
    }
  }
}
