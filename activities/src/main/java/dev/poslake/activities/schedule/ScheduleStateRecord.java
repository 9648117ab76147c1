package dev.poslake.activities.schedule;

/**
 * A schedule's state as the user left it, saved so that it survives restarts of a server without persistence
 * (the embedded test server).
 *
 * @param paused no scheduled starts until resumed
 * @param note why (the pause or resume note)
 * @param by who paused or resumed it, e.g. {@code alice@laptop} or {@code ops page 127.0.0.1}
 * @param atMillis when (epoch millis of the workflow clock)
 * @param revision grows by one with every change: a late write of an older change never replaces a newer one
 */
public record ScheduleStateRecord(String scheduleId, boolean paused, String note, String by, long atMillis,
    long revision) {}
