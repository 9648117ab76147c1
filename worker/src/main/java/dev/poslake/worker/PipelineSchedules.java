package dev.poslake.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.workflows.generator.GeneratorOptions;
import dev.poslake.workflows.generator.GeneratorWorkflow;
import dev.poslake.workflows.schedule.ScheduleSpec;
import java.util.List;
import java.util.Map;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlWorkflow;

/** The pipeline's schedules, built from the configuration. */
public final class PipelineSchedules {
  /** The schedule ids, defined once in {@link ScheduleKinds} (the ops commands and page use them too). */
  public static final String GENERATOR = ScheduleKinds.GENERATOR_SCHEDULE_ID;
  public static final String ETL = ScheduleKinds.ETL_SCHEDULE_ID;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineSchedules() {}

  @SuppressWarnings("unchecked")
  public static ScheduleSpec generator(PosConfig config) {
    Map<String, Object> options = JSON.convertValue(GeneratorOptions.from(config, System.currentTimeMillis()), Map.class);
    return new ScheduleSpec(GENERATOR, GeneratorWorkflow.TYPE, config.get(PosSettings.GENERATOR_INTERVAL),
        config.get(PosSettings.GENERATOR_RUN_TIMEOUT), config.get(PosSettings.TEMPORAL_TASK_QUEUE), false, "POS traffic simulator", options);
  }

  @SuppressWarnings("unchecked")
  public static ScheduleSpec etl(PosConfig config) {
    Map<String, Object> options = JSON.convertValue(EtlOptions.from(config), Map.class);
    return new ScheduleSpec(ETL, EtlWorkflow.TYPE, config.get(PosSettings.ETL_INTERVAL),
        config.get(PosSettings.ETL_RUN_TIMEOUT), config.get(PosSettings.TEMPORAL_TASK_QUEUE), false, "Kafka -> bronze -> silver -> gold", options);
  }

  /** Both schedules of `pos up`. */
  public static List<ScheduleSpec> all(PosConfig config) {
    return List.of(generator(config), etl(config));
  }

  /**
   * Both schedules, created paused when {@code startPaused} (`pos up --paused`). A schedule that exists, or
   * whose state was saved by a pause or resume, keeps that state instead.
   */
  public static List<ScheduleSpec> all(PosConfig config, boolean startPaused) {
    return all(config).stream()
        .map(s -> startPaused ? s.withStartPaused(true, "paused at start (pos up --paused)") : s)
        .toList();
  }
}
