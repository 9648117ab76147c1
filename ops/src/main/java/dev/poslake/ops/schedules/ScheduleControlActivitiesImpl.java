package dev.poslake.ops.schedules;

import dev.poslake.activities.schedule.ScheduleControlActivities;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ScheduleControlActivities} on whichever schedule back-end runs the pipeline's schedules. */
public final class ScheduleControlActivitiesImpl implements ScheduleControlActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleControlActivitiesImpl.class);
  private final Supplier<PipelineScheduler> scheduler;
  private final WorkflowClient client;

  /** @param scheduler called on first use (detecting the back-end asks the server) */
  public ScheduleControlActivitiesImpl(Supplier<PipelineScheduler> scheduler, WorkflowClient client) {
    this.scheduler = scheduler;
    this.client = client;
  }

  @Override
  public boolean hold(String kind, String holder, String why) {
    Optional<ScheduleView> view = scheduler.get().describe(kind);
    if (view.isEmpty()) return false;
    if (view.get().paused()) {
      boolean held = heldBySameKind(view.get().note(), holder);
      LOG.info("{}: schedule {} already paused ({}){}", holder, kind, view.get().note(),
          held ? "; taking over that hold" : "; it stays paused after");
      return held;
    }
    scheduler.get().pause(kind, note(holder, why), holder);
    return true;
  }

  @Override
  public void awaitIdle(String kind) {
    while (true) {
      String running = scheduler.get().describe(kind).map(ScheduleView::runningWorkflowId).orElse(null);
      if (running == null) return;
      Activity.getExecutionContext().heartbeat("waiting for " + running);
      try {
        client.newUntypedWorkflowStub(running).getResult(10, TimeUnit.SECONDS, Object.class);
      } catch (TimeoutException stillRunning) {
        // heartbeat and look again
      } catch (RuntimeException ended) {
        // failed or gone: it is not running any more either
      }
    }
  }

  @Override
  public void release(String kind, String holder, String why) {
    Optional<ScheduleView> view = scheduler.get().describe(kind);
    if (view.isEmpty() || !view.get().paused()) return;
    if (!heldBySameKind(view.get().note(), holder)) {
      LOG.info("{}: schedule {} left paused: paused by someone else meanwhile ({})", holder, kind,
          view.get().note());
      return;
    }
    scheduler.get().resume(kind, note(holder, why), holder);
  }

  static String note(String holder, String why) {
    return HOLD_PREFIX + holder + "] " + why;
  }

  /** A hold of the same kind of holder ("rebuild <id>" holds are all "rebuild" holds: one rebuild at a time). */
  static boolean heldBySameKind(String note, String holder) {
    if (note == null) return false;
    String kind = holder.split(" ", 2)[0];
    return note.startsWith(HOLD_PREFIX + kind + " ") || note.startsWith(HOLD_PREFIX + kind + "]");
  }
}
