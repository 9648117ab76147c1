package dev.poslake.activities.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressGatedHeartbeatTest {

  @Test
  void beatsOnlyWhenTheProgressMovedAndMeasuresTheStall() {
    AtomicLong progress = new AtomicLong();
    long[] clock = {0};
    List<String> beats = new ArrayList<>();
    ProgressGatedHeartbeat h = new ProgressGatedHeartbeat(progress::get, beats::add, () -> clock[0]);
    assertFalse(h.beatIfAdvanced(() -> "nothing yet"));
    progress.addAndGet(3);
    clock[0] = 5_000;
    assertTrue(h.beatIfAdvanced(() -> "3 rows"));
    assertEquals(Duration.ZERO, h.sinceLastAdvance());
    clock[0] = 65_000; // a worker hangs: the counter stays where it was
    assertFalse(h.beatIfAdvanced(() -> "hung"));
    assertFalse(h.beatIfAdvanced(() -> "hung"));
    assertEquals(Duration.ofNanos(60_000), h.sinceLastAdvance());
    assertEquals(List.of("3 rows"), beats);
  }

  /** An activity that waits for a worker thread the way the gold merge waits for its store threads. */
  @ActivityInterface
  public interface Waiting {
    @ActivityMethod(name = "WaitForWorker")
    void waitForWorker(boolean hang);
  }

  public static class WaitingImpl implements Waiting {
    static final CountDownLatch HUNG = new CountDownLatch(1);

    @Override
    public void waitForWorker(boolean hang) {
      AtomicLong rows = new AtomicLong();
      Thread worker = new Thread(() -> {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8); // longer than the heartbeat timeout
        while (System.nanoTime() < end) {
          if (hang && rows.get() == 5) {
            try {
              HUNG.await(); // a read that never returns
            } catch (InterruptedException e) {
              return;
            }
          }
          rows.incrementAndGet();
          sleep(20);
        }
      });
      worker.setDaemon(true);
      worker.start();
      ProgressGatedHeartbeat heartbeat = new ProgressGatedHeartbeat(rows::get,
          details -> Activity.getExecutionContext().heartbeat(details));
      while (worker.isAlive()) {
        heartbeat.beatIfAdvanced(() -> rows.get() + " rows");
        // gives up like the gold merge does, after the server has timed the attempt out
        if (heartbeat.sinceLastAdvance().toMillis() > 10_000) throw new IllegalStateException("worker stuck");
        sleep(200);
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @WorkflowInterface
  public interface Caller {
    @WorkflowMethod
    void call(boolean hang);
  }

  public static class CallerImpl implements Caller {
    @Override
    public void call(boolean hang) {
      Workflow.newActivityStub(Waiting.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          // 5 s, not less: the SDK sends heartbeats at most every 0.8 x the timeout, so a working attempt's beats
          // arrive about every 4 s and a pause of the JVM up to 1 s must not time it out
          .setHeartbeatTimeout(Duration.ofSeconds(5))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build()).waitForWorker(hang);
    }
  }

  @Test
  void underTemporalAHungWorkerTimesTheAttemptOutByHeartbeatAndAWorkingOneDoesNot() {
    // real time: the heartbeat timeout is about wall-clock silence
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build())) {
      Worker w = env.newWorker("heartbeat-test");
      w.registerWorkflowImplementationTypes(CallerImpl.class);
      w.registerActivitiesImplementations(new WaitingImpl());
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue("heartbeat-test").build();

      // 8 s of steady progress under a 5 s heartbeat timeout: the gated heartbeats keep it alive
      client.newWorkflowStub(Caller.class, options).call(false);

      WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
          () -> client.newWorkflowStub(Caller.class, options).call(true));
      ActivityFailure activity = assertInstanceOf(ActivityFailure.class, e.getCause());
      TimeoutFailure timeout = assertInstanceOf(TimeoutFailure.class, activity.getCause());
      assertEquals(TimeoutType.TIMEOUT_TYPE_HEARTBEAT, timeout.getTimeoutType());
    } finally {
      WaitingImpl.HUNG.countDown();
    }
  }
}
