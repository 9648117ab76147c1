package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every activity attempt a worker starts is logged with its type, attempt and workflow id. */
class ActivityStartLogTest {
  private static final AtomicInteger CALLS = new AtomicInteger();

  @ActivityInterface
  public interface Flaky {
    @ActivityMethod(name = "FlakyStep")
    String step();
  }

  public static class FailsOnce implements Flaky {
    @Override
    public String step() {
      if (CALLS.incrementAndGet() == 1) throw new IllegalStateException("first attempt fails");
      return "ok";
    }
  }

  @WorkflowInterface
  public interface OneStep {
    @WorkflowMethod
    String run();
  }

  public static class OneStepImpl implements OneStep {
    @Override
    public String run() {
      return Workflow.newActivityStub(Flaky.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(10)).build())
          .build()).step();
    }
  }

  @Test
  void logsEachAttemptAsItStarts() {
    Logger logger = (Logger) LoggerFactory.getLogger(ActivityStartLog.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new ActivityStartLog())
            .build()).build())) {
      Worker worker = env.newWorker("q");
      worker.registerWorkflowImplementationTypes(OneStepImpl.class);
      worker.registerActivitiesImplementations(new FailsOnce());
      env.start();
      String result = env.getWorkflowClient().newWorkflowStub(OneStep.class,
          WorkflowOptions.newBuilder().setTaskQueue("q").setWorkflowId("wf-1").build()).run();
      assertEquals("ok", result);
    } finally {
      logger.detachAppender(captured);
    }
    List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(List.of("activity FlakyStep started (attempt 1, wf-1)", "activity FlakyStep started (attempt 2, wf-1)"),
        lines);
  }
}
