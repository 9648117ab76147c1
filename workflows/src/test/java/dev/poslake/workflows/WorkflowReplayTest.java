package dev.poslake.workflows;

import dev.poslake.workflows.etl.EtlWorkflowImpl;
import dev.poslake.workflows.generator.GeneratorWorkflowImpl;
import dev.poslake.workflows.schedule.SchedulerWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Safe upgrades: every recorded history of a released workflow version ({@code histories/<workflow>-<version>.json},
 * recorded by the worker module's {@code RecordWorkflowHistories} on the real stack) must replay on today's code
 * without a non-determinism error. A change that adds, removes or reorders commands (activities, timers, child
 * workflows) without a {@code Workflow.getVersion} guard fails here, before a rolling upgrade could hang the runs
 * in flight.
 */
class WorkflowReplayTest {

  static Stream<String> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(WorkflowReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
          .toList();
      if (names.size() < 3) throw new IllegalStateException("expected recorded histories in " + dir + ": " + names);
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysOnTodaysCode(String file) throws Exception {
    Class<?> impl = switch (file.substring(0, file.lastIndexOf('-'))) {
      case "etl" -> EtlWorkflowImpl.class;
      case "generator" -> GeneratorWorkflowImpl.class;
      case "scheduler" -> SchedulerWorkflowImpl.class;
      default -> throw new IllegalArgumentException("no workflow for history " + file);
    };
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, impl);
  }
}
