package dev.poslake.workflows.runlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.bronze.BronzeActivities;
import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.etl.bronze.OffsetPlan;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.activities.etl.snapshot.LatestStoresResult;
import dev.poslake.activities.etl.snapshot.LatestUpsertPlan;
import dev.poslake.activities.etl.snapshot.RecountFileGroup;
import dev.poslake.activities.etl.snapshot.RecountGroupResult;
import dev.poslake.activities.etl.snapshot.RecountPlan;
import dev.poslake.activities.etl.snapshot.SnapshotFanOutActivities;
import dev.poslake.activities.generator.GenerateRequest;
import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.activities.generator.GeneratorActivities;
import dev.poslake.activities.reference.ReferenceActivities;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.activities.runlog.RunLogActivities;
import dev.poslake.activities.runlog.RunLogEntry;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.etl.EtlWorkflowImpl;
import dev.poslake.workflows.generator.GeneratorOptions;
import dev.poslake.workflows.generator.GeneratorWorkflow;
import dev.poslake.workflows.generator.GeneratorWorkflowImpl;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The workflows write a run log row per step and per run, failed steps and runs included (with the error). */
class RunLogRecorderTest {
  static final String QUEUE = "q";
  static final List<RunLogEntry> LOGGED = new CopyOnWriteArrayList<>();
  static volatile boolean generatorFails;
  /** Counted down when the failed run's row is written, and when the "late" step's row is. */
  static CountDownLatch runRowWritten;
  static CountDownLatch lateRowWritten;

  public static class Log implements RunLogActivities {
    @Override
    public void record(List<RunLogEntry> entries) {
      LOGGED.addAll(entries);
      if (entries.stream().anyMatch(e -> e.step() == null)) runRowWritten.countDown();
      if (entries.stream().anyMatch(e -> "late".equals(e.step()))) lateRowWritten.countDown();
      // the "first" row's write is still under way while the "late" step finishes and adds its own
      if (entries.stream().anyMatch(e -> "first".equals(e.step()))) await(lateRowWritten);
    }
  }

  /** An activity that returns once the failed run's row is written. */
  @ActivityInterface
  public interface Gate {
    String afterTheRunRow();
  }

  public static class GateImpl implements Gate {
    @Override
    public String afterTheRunRow() {
      await(runRowWritten);
      return "late";
    }
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("latch not released in 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static class Reference implements ReferenceActivities {
    @Override
    public List<String> ensureUploaded(int physicalStores) {
      return List.of();
    }

    @Override
    public ReferenceTables.RefreshResult refresh() {
      throw ApplicationFailure.newNonRetryableFailure("reference/item.txt line 7: bad item_id",
          ReferenceActivities.INVALID_REFERENCE_FILE);
    }
  }

  /** Nothing in Kafka: bronze, which runs beside the reference load, plans no range. */
  /** No recount files: the snapshot step, which runs beside the reference load, finds nothing to do. */
  public static class Snapshots implements SnapshotFanOutActivities {
    @Override
    public RecountPlan plan() {
      return new RecountPlan(0, 0, 0, List.of());
    }

    @Override
    public RecountGroupResult ingest(RecountFileGroup group) {
      throw new IllegalStateException("no group planned");
    }

    @Override
    public LatestUpsertPlan planLatest() {
      return new LatestUpsertPlan(null, null, null, List.of());
    }

    @Override
    public LatestStoresResult upsertLatest(LatestUpsertPlan plan, List<Integer> stores) {
      throw new IllegalStateException("no bucket planned");
    }

    @Override
    public void commitLatest(LatestUpsertPlan plan, long changedPairs) {
      throw new IllegalStateException("nothing to commit");
    }
  }

  public static class Bronze implements BronzeActivities {
    @Override
    public OffsetPlan plan(int maxOffsetsPerPartition, boolean acceptDataLoss) {
      return new OffsetPlan("t", List.of(), 0);
    }

    @Override
    public BronzeResult ingest(PartitionRange range) {
      throw new IllegalStateException("no range planned");
    }
  }

  public static class Generator implements GeneratorActivities {
    @Override
    public GenerateResult generate(GenerateRequest request) {
      if (generatorFails) throw ApplicationFailure.newNonRetryableFailure("broker gone", "Test");
      return new GenerateResult(request.requestId(), 1, "a", "b", 10, 30, 12, 0, 5, 1, 1, 0, 3, null);
    }
  }

  /** Two steps side by side that both fail, then the run fails with the first one's error. */
  @WorkflowInterface
  public interface TwoFailingSteps {
    @WorkflowMethod
    void run();
  }

  public static class TwoFailingStepsImpl implements TwoFailingSteps {
    @Override
    public void run() {
      RunLogRecorder runLog = new RunLogRecorder(RunLogEntry.ETL, RunTrigger.manual("t"));
      Promise<Object> a = Async.function(() -> runLog.step("a", () -> {
        throw new IllegalStateException("a broke");
      }, null));
      Promise<Object> b = Async.function(() -> runLog.step("b", () -> {
        throw new IllegalStateException("b broke");
      }, null));
      a.handle((value, failure) -> null).get();
      b.handle((value, failure) -> null).get();
      ApplicationFailure first = ApplicationFailure.newNonRetryableFailure("a broke", "Test");
      runLog.runFailed(first);
      throw first;
    }
  }

  /**
   * A step still running beside the one that failed the run finishes while the run waits for the step rows being
   * written: the run still ends, failed, with both steps' rows.
   */
  @WorkflowInterface
  public interface StepFinishingAfterTheFailure {
    @WorkflowMethod
    void run();
  }

  public static class StepFinishingAfterTheFailureImpl implements StepFinishingAfterTheFailure {
    private final Gate gate = Workflow.newActivityStub(Gate.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public void run() {
      RunLogRecorder runLog = new RunLogRecorder(RunLogEntry.ETL, RunTrigger.manual("t"));
      runLog.step("first", () -> "first", null);
      Async.function(() -> runLog.step("late", gate::afterTheRunRow, null));
      ApplicationFailure failure = ApplicationFailure.newNonRetryableFailure("broke", "Test");
      runLog.runFailed(failure);
      throw failure;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    LOGGED.clear();
    generatorFails = false;
    runRowWritten = new CountDownLatch(1);
    lateRowWritten = new CountDownLatch(1);
    env = TestWorkflowEnvironment.newInstance();
    Worker w = env.newWorker(QUEUE);
    w.registerWorkflowImplementationTypes(EtlWorkflowImpl.class, GeneratorWorkflowImpl.class,
        TwoFailingStepsImpl.class, StepFinishingAfterTheFailureImpl.class);
    w.registerActivitiesImplementations(new Log(), new Reference(), new Bronze(), new Snapshots(), new Generator(),
        new GateImpl());
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private <T> T stub(Class<T> type, String id) {
    return client.newWorkflowStub(type, WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
  }

  @Test
  void aFailedEtlStepAndItsRunAreRecordedWithTheError() {
    EtlWorkflow etl = stub(EtlWorkflow.class, "etl-1");
    assertThrows(WorkflowFailedException.class,
        () -> etl.run(new RunTrigger("pos-etl", RunTrigger.SCHEDULED, null, 1234L),
            new EtlOptions(10, 16, 1 << 20, 1000, 1, false)));
    // the bronze plan and ingest and the snapshot step run beside the reference load; silver and gold never start
    List<RunLogEntry> failed = LOGGED.stream().filter(e -> RunLogEntry.FAILED.equals(e.status())).toList();
    assertEquals(2, failed.size(), LOGGED.toString());
    assertTrue(LOGGED.stream().allMatch(e -> e.step() == null || List.of("reference", "plan", "bronze", "snapshots")
        .contains(e.step())), LOGGED.toString());
    RunLogEntry step = failed.stream().filter(e -> e.step() != null).findFirst().orElseThrow();
    RunLogEntry run = failed.stream().filter(e -> e.step() == null).findFirst().orElseThrow();
    assertEquals("reference", step.step());
    assertEquals(RunLogEntry.FAILED, step.status());
    assertEquals("reference/item.txt line 7: bad item_id", step.error());
    assertNull(run.step());
    assertEquals(RunLogEntry.FAILED, run.status());
    assertEquals("reference/item.txt line 7: bad item_id", run.error());
    for (RunLogEntry e : LOGGED) {
      assertEquals("etl", e.kind());
      assertEquals("etl-1", e.workflowId());
      assertNotNull(e.runId());
      assertEquals(1234L, e.scheduledAt());
      assertNotNull(e.finishedAt());
    }
    assertEquals(1, run.attempt());
  }

  @Test
  void everyStepThatFailedIsWrittenWithTheFailedRun() {
    assertThrows(WorkflowFailedException.class, () -> stub(TwoFailingSteps.class, "two-1").run());
    List<String> failedSteps = LOGGED.stream().filter(e -> RunLogEntry.FAILED.equals(e.status()) && e.step() != null)
        .map(e -> e.step() + ": " + e.error()).sorted().toList();
    assertEquals(List.of("a: a broke", "b: b broke"), failedSteps, LOGGED.toString());
    assertEquals(1, LOGGED.stream().filter(e -> e.step() == null && RunLogEntry.FAILED.equals(e.status())).count());
  }

  /** Before the fix the run's wait threw ConcurrentModificationException and its workflow task retried forever. */
  @Test
  @Timeout(60)
  void aStepFinishingWhileTheFailedRunWaitsForItsRowsDoesNotHangTheRun() {
    assertThrows(WorkflowFailedException.class, () -> stub(StepFinishingAfterTheFailure.class, "late-1").run());
    assertEquals(List.of("first:succeeded", "late:succeeded", "run:failed"), LOGGED.stream()
        .map(e -> (e.step() == null ? "run" : e.step()) + ":" + e.status()).sorted().toList());
  }

  @Test
  void aGeneratorRunGetsARowPerStepAndOneForTheRun() {
    GenerateResult r = stub(GeneratorWorkflow.class, "gen-1").run(RunTrigger.manual("t"),
        new GeneratorOptions(10, 60, 1, 0, 5, 0L));
    assertEquals(12, r.messages());
    assertEquals(List.of("(run)", "generate", "reference"),
        LOGGED.stream().map(e -> e.step() == null ? "(run)" : e.step()).sorted().toList());
    LOGGED.forEach(e -> assertEquals(RunLogEntry.SUCCEEDED, e.status()));
    RunLogEntry generate = LOGGED.stream().filter(e -> "generate".equals(e.step())).findFirst().orElseThrow();
    assertEquals(30L, generate.rowsIn());
    assertEquals(12L, generate.rowsOut());
  }

  @Test
  void aFailedGeneratorRunIsRecordedAndStillFails() {
    generatorFails = true;
    assertThrows(WorkflowFailedException.class, () -> stub(GeneratorWorkflow.class, "gen-2").run(
        RunTrigger.manual("t"), new GeneratorOptions(10, 60, 1, 0, 5, 0L)));
    assertEquals(List.of("generate:failed", "reference:succeeded", "run:failed"), LOGGED.stream()
        .map(e -> (e.step() == null ? "run" : e.step()) + ":" + e.status()).sorted().toList());
    LOGGED.stream().filter(e -> "failed".equals(e.status()))
        .forEach(e -> assertTrue(e.error().contains("broker gone"), e.toString()));
  }
}
