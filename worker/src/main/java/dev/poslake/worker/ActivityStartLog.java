package dev.poslake.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each activity attempt as this worker starts it: {@code activity <type> started (attempt n, <workflow id>)}.
 * Tells an operator which step a process was in when it died, and gives the fault-injection tests a line to wait
 * for before they kill it.
 */
public final class ActivityStartLog extends WorkerInterceptorBase {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityStartLog.class);

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public void init(ActivityExecutionContext context) {
        ActivityInfo info = context.getInfo();
        LOG.info("activity {} started (attempt {}, {})", info.getActivityType(), info.getAttempt(),
            info.getWorkflowId());
        super.init(context);
      }
    };
  }
}
