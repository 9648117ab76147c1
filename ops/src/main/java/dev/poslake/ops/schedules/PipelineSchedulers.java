package dev.poslake.ops.schedules;

import dev.poslake.activities.schedule.ScheduleStateStore;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Picks the schedule back-end the Temporal server supports. */
public final class PipelineSchedulers {
  private PipelineSchedulers() {}

  /**
   * Native Temporal Schedules if the server has the Schedules API; the durable scheduler workflow if a
   * Schedules call answers UNIMPLEMENTED (the Java test server), restoring the pause states saved in
   * {@code savedStates} (the server keeps none).
   */
  public static PipelineScheduler detect(WorkflowServiceStubs stubs, WorkflowClient client,
      ScheduleStateStore savedStates) {
    String namespace = client.getOptions().getNamespace();
    return supportsSchedules(stubs, namespace)
        ? new TemporalSchedulesBackend(ScheduleClient.newInstance(stubs,
            ScheduleClientOptions.newBuilder().setNamespace(namespace)
                .setIdentity(client.getOptions().getIdentity()).build()))
        : new DurableSchedulerBackend(client, savedStates);
  }

  public static boolean supportsSchedules(WorkflowServiceStubs stubs, String namespace) {
    try {
      stubs.blockingStub().withDeadline(Deadline.after(15, TimeUnit.SECONDS))
          .listSchedules(ListSchedulesRequest.newBuilder().setNamespace(namespace).setMaximumPageSize(1).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) return false;
      throw e;
    }
  }
}
