package dev.poslake.ops.schedules;

import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.workflows.schedule.RunTrigger;
import dev.poslake.workflows.schedule.ScheduleSpec;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Native Temporal Schedules (a real cluster: CLI dev server, self-hosted, Cloud). Pause, resume and trigger
 * also work from the Web UI's Schedules page. Start-up creates or updates the schedules and never unpauses one
 * a user paused. The request building is pure ({@link #newSchedule}, {@link #updated}, {@link #options}).
 */
public final class TemporalSchedulesBackend implements PipelineScheduler {
  public static final String NAME = "temporal-schedules";
  /** Slots missed while the cluster or the workers were down are started late only within this window. */
  public static final Duration CATCHUP_WINDOW = Duration.ofMinutes(10);
  public static final String MEMO_NOTE = "note";
  /** How long a trigger waits for the server to list the workflow it started. */
  static final Duration TRIGGER_REPORT_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern NOTE_BY = Pattern.compile("\\(by ([^()]+)\\)$");

  private final ScheduleClient client;

  public TemporalSchedulesBackend(ScheduleClient client) {
    this.client = client;
  }

  @Override
  public String backend() {
    return NAME;
  }

  /** The schedule created for {@code spec}: interval, skip overlap, catch-up window, not paused. */
  public static Schedule newSchedule(ScheduleSpec spec) {
    return build(spec, spec.startPaused(), spec.startPaused() ? "paused at creation" : spec.note());
  }

  /** ScheduleOptions of the create call: the note in the memo (the Web UI shows it). */
  public static ScheduleOptions options(ScheduleSpec spec) {
    return ScheduleOptions.newBuilder()
        .setMemo(Map.of(MEMO_NOTE, spec.note() == null ? "" : spec.note()))
        .build();
  }

  /**
   * The update of an existing schedule to {@code spec}: new interval, action and policy, but its paused flag
   * and note as they are (a user paused it for a reason; only a user resumes it).
   */
  public static Schedule updated(Schedule current, ScheduleSpec spec) {
    ScheduleState state = current.getState();
    boolean paused = state != null && state.isPaused();
    String note = paused ? state.getNote() : spec.note();
    return build(spec, paused, note);
  }

  private static Schedule build(ScheduleSpec spec, boolean paused, String note) {
    ScheduleActionStartWorkflow action = ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(spec.workflowType())
        .setArguments(new RunTrigger(spec.scheduleId(), RunTrigger.SCHEDULED, null), spec.runOptions())
        .setOptions(WorkflowOptions.newBuilder()
            // Temporal appends the scheduled time to this id
            .setWorkflowId(spec.scheduleId())
            .setTaskQueue(spec.taskQueue())
            // a stuck run is timed out: with overlap SKIP it would otherwise block the schedule forever
            .setWorkflowExecutionTimeout(spec.runTimeout())
            .build())
        .build();
    return Schedule.newBuilder()
        .setAction(action)
        .setSpec(io.temporal.client.schedules.ScheduleSpec.newBuilder()
            .setIntervals(List.of(new ScheduleIntervalSpec(spec.interval())))
            .build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
            .setCatchupWindow(CATCHUP_WINDOW)
            .build())
        .setState(ScheduleState.newBuilder().setPaused(paused).setNote(note == null ? "" : note).build())
        .build();
  }

  @Override
  public List<String> ensure(List<ScheduleSpec> specs) {
    List<String> lines = new ArrayList<>();
    for (ScheduleSpec spec : specs) {
      try {
        client.createSchedule(spec.scheduleId(), newSchedule(spec), options(spec));
        lines.add("schedule " + spec.scheduleId() + " every " + spec.interval() + " (" + NAME + ", created)");
      } catch (ScheduleAlreadyRunningException exists) {
        boolean[] paused = new boolean[1];
        client.getHandle(spec.scheduleId()).update(input -> {
          Schedule current = input.getDescription().getSchedule();
          paused[0] = current.getState() != null && current.getState().isPaused();
          return new ScheduleUpdate(updated(current, spec));
        });
        lines.add("schedule " + spec.scheduleId() + " every " + spec.interval() + " (" + NAME + ", updated"
            + (paused[0] ? ", stays PAUSED" : "") + ")");
      }
    }
    return lines;
  }

  private ScheduleHandle handle(String kind) {
    return client.getHandle(ScheduleKinds.scheduleId(kind));
  }

  @Override
  public ScheduleView pause(String kind, String note, String by) {
    try {
      handle(kind).pause(noteBy(note, by));
    } catch (RuntimeException e) {
      throw notFound(kind, e);
    }
    return describe(kind).orElseThrow(() -> new ScheduleNotFoundException(ScheduleKinds.scheduleId(kind)));
  }

  @Override
  public ScheduleView resume(String kind, String note, String by) {
    try {
      handle(kind).unpause(noteBy(note, by));
    } catch (RuntimeException e) {
      throw notFound(kind, e);
    }
    return describe(kind).orElseThrow(() -> new ScheduleNotFoundException(ScheduleKinds.scheduleId(kind)));
  }

  @Override
  public TriggerOutcome trigger(String kind, String note) {
    ScheduleHandle h = handle(kind);
    ScheduleDescription d;
    try {
      d = h.describe();
    } catch (RuntimeException e) {
      throw notFound(kind, e);
    }
    List<ScheduleActionExecution> running = d.getInfo().getRunningActions();
    if (!running.isEmpty()) {
      String id = workflowId(running.get(0));
      return new TriggerOutcome(ScheduleKinds.normalize(kind), false, id, "skipped: run " + id + " is still running");
    }
    Set<String> before = actionWorkflowIds(d);
    // SKIP again on the server: a run that started since the describe above wins, this trigger does nothing
    h.trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    // the trigger call answers nothing; the run it started appears among the schedule's actions shortly after
    String started = awaitNewAction(h, before);
    String k = ScheduleKinds.normalize(kind);
    if (started == null) {
      return new TriggerOutcome(k, true, null, "triggered " + h.getId() + ", but the server did not list the "
          + "started workflow within " + TRIGGER_REPORT_TIMEOUT.toSeconds() + " s");
    }
    return new TriggerOutcome(k, true, started, "started " + started);
  }

  private static String awaitNewAction(ScheduleHandle h, Set<String> before) {
    long deadline = System.nanoTime() + TRIGGER_REPORT_TIMEOUT.toNanos();
    while (true) {
      Optional<String> id = newWorkflowId(before, h.describe());
      if (id.isPresent()) return id.get();
      if (System.nanoTime() > deadline) return null;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** Workflow ids of the schedule's recent and running actions. */
  static Set<String> actionWorkflowIds(ScheduleDescription d) {
    Set<String> ids = new HashSet<>();
    d.getInfo().getRecentActions().forEach(r -> ids.add(workflowId(r.getAction())));
    d.getInfo().getRunningActions().forEach(r -> ids.add(workflowId(r)));
    ids.remove(null);
    return ids;
  }

  /**
   * The workflow a trigger started: the action that is new since {@code before}, running ones first. With
   * overlap SKIP only one run can start at a time, so a new action is the triggered run, or a scheduled run
   * that started in between and made the server skip the trigger; either way the run now in progress.
   */
  static Optional<String> newWorkflowId(Set<String> before, ScheduleDescription after) {
    for (ScheduleActionExecution e : after.getInfo().getRunningActions()) {
      String id = workflowId(e);
      if (id != null && !before.contains(id)) return Optional.of(id);
    }
    List<ScheduleActionResult> recent = after.getInfo().getRecentActions();
    for (int i = recent.size() - 1; i >= 0; i--) {
      String id = workflowId(recent.get(i).getAction());
      if (id != null && !before.contains(id)) return Optional.of(id);
    }
    return Optional.empty();
  }

  @Override
  public Optional<ScheduleView> describe(String kind) {
    ScheduleDescription d;
    try {
      d = handle(kind).describe();
    } catch (RuntimeException e) {
      if (isNotFound(e)) return Optional.empty();
      throw e;
    }
    return Optional.of(view(kind, d));
  }

  /**
   * The server keeps the schedule's note (and its pause) itself, but has no field for who changed it: it goes
   * at the end of the note, e.g. {@code store migration (by alice@laptop)}, which the Web UI shows too.
   */
  static String noteBy(String note, String by) {
    String n = note == null ? "" : note;
    return by == null || by.isBlank() ? n : (n.isBlank() ? "" : n + " ") + "(by " + by + ")";
  }

  /** Who {@link #noteBy} says changed the schedule, or null. */
  static String byOf(String note) {
    if (note == null) return null;
    Matcher m = NOTE_BY.matcher(note);
    return m.find() ? m.group(1) : null;
  }

  static ScheduleView view(String kind, ScheduleDescription d) {
    Schedule s = d.getSchedule();
    boolean paused = s.getState() != null && s.getState().isPaused();
    String note = s.getState() == null ? null : s.getState().getNote();
    Duration interval = s.getSpec() == null || s.getSpec().getIntervals().isEmpty() ? null
        : s.getSpec().getIntervals().get(0).getEvery();
    List<RunRecord> runs = new ArrayList<>();
    for (ScheduleActionResult r : d.getInfo().getRecentActions()) {
      String id = workflowId(r.getAction());
      boolean running = d.getInfo().getRunningActions().stream().anyMatch(x -> id != null && id.equals(workflowId(x)));
      runs.add(new RunRecord(id, RunTrigger.SCHEDULED, millis(r.getScheduledAt()), null,
          running ? RunRecord.RUNNING : "STARTED", null));
    }
    Instant next = paused || d.getInfo().getNextActionTimes().isEmpty() ? null
        : d.getInfo().getNextActionTimes().get(0);
    return new ScheduleView(ScheduleKinds.normalize(kind), d.getId(), NAME, interval, paused, note, next, runs,
        d.getInfo().getNumActions(),
        d.getInfo().getNumActionsSkippedOverlap() + d.getInfo().getNumActionsMissedCatchupWindow(), byOf(note),
        null);
  }

  private static long millis(Instant i) {
    return i == null ? 0 : i.toEpochMilli();
  }

  private static String workflowId(ScheduleActionExecution e) {
    return e instanceof ScheduleActionExecutionStartWorkflow w ? w.getWorkflowId() : null;
  }

  private static RuntimeException notFound(String kind, RuntimeException e) {
    return isNotFound(e) ? new ScheduleNotFoundException(ScheduleKinds.scheduleId(kind)) : e;
  }

  static boolean isNotFound(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) return true;
      if (c instanceof ScheduleException && String.valueOf(c.getMessage()).contains("not found")) return true;
    }
    return false;
  }
}
