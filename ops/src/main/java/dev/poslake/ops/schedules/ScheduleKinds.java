package dev.poslake.ops.schedules;

import java.util.List;
import java.util.Locale;

/** The two kinds of scheduled runs and their schedule ids. */
public final class ScheduleKinds {
  public static final String GENERATOR = "generator";
  public static final String ETL = "etl";
  public static final String GENERATOR_SCHEDULE_ID = "pos-generator";
  public static final String ETL_SCHEDULE_ID = "pos-etl";
  public static final List<String> ALL = List.of(GENERATOR, ETL);

  private ScheduleKinds() {}

  /** @throws IllegalArgumentException for anything but generator / etl (or their schedule ids) */
  public static String scheduleId(String kind) {
    return switch (normalize(kind)) {
      case GENERATOR -> GENERATOR_SCHEDULE_ID;
      case ETL -> ETL_SCHEDULE_ID;
      default -> throw new IllegalArgumentException("unknown kind " + kind + " (use generator or etl)");
    };
  }

  public static String kindOf(String scheduleId) {
    if (GENERATOR_SCHEDULE_ID.equals(scheduleId)) return GENERATOR;
    if (ETL_SCHEDULE_ID.equals(scheduleId)) return ETL;
    throw new IllegalArgumentException("unknown schedule " + scheduleId);
  }

  public static String normalize(String kind) {
    String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
    if (k.equals(GENERATOR_SCHEDULE_ID)) return GENERATOR;
    if (k.equals(ETL_SCHEDULE_ID)) return ETL;
    if (!k.equals(GENERATOR) && !k.equals(ETL)) {
      throw new IllegalArgumentException("unknown kind " + kind + " (use generator or etl)");
    }
    return k;
  }
}
