package dev.poslake.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.workflows.generator.GeneratorOptions;
import dev.poslake.workflows.generator.GeneratorWorkflow;
import dev.poslake.workflows.schedule.ScheduleSpec;
import java.util.Map;

/** The pipeline's schedules, built from the configuration. */
public final class PipelineSchedules {
  public static final String GENERATOR = "pos-generator";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineSchedules() {}

  @SuppressWarnings("unchecked")
  public static ScheduleSpec generator(PosConfig config) {
    Map<String, Object> options = JSON.convertValue(GeneratorOptions.from(config, System.currentTimeMillis()), Map.class);
    return new ScheduleSpec(GENERATOR, GeneratorWorkflow.TYPE, config.get(PosSettings.GENERATOR_INTERVAL),
        config.get(PosSettings.TEMPORAL_TASK_QUEUE), false, "POS traffic simulator", options);
  }
}
