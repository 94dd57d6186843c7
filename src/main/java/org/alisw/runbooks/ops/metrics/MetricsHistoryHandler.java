package org.alisw.runbooks.ops.metrics;

import java.util.List;
import org.alisw.runbooks.ops.AfterCommit;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;

/**
 * Step durations from the history events the engine produces anyway (beside its own database
 * handler): an activity's end carries its start and duration, whichever transaction started it.
 * Gateways and start, end and boundary events are instants, not steps, and are left out.
 */
final class MetricsHistoryHandler implements HistoryEventHandler {

  private final RunbookMetrics metrics;

  MetricsHistoryHandler(RunbookMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    if (event instanceof HistoricActivityInstanceEventEntity activity
        && HistoryEventTypes.ACTIVITY_INSTANCE_END.getEventName().equals(activity.getEventType())
        && activity.getProcessDefinitionKey() != null
        && isStep(activity.getActivityType())) {
      Long millis = durationInMillis(activity);
      if (millis == null) {
        return;
      }
      String key = activity.getProcessDefinitionKey();
      String id = activity.getActivityId();
      String type = activity.getActivityType();
      AfterCommit.run(() -> metrics.stepEnded(key, id, type, millis));
    }
  }

  /**
   * The event knows its duration when the step started in this transaction; a step that waited (a
   * user task, a timer, an async continuation) started in an earlier one, whose start time only the
   * history table has: read it by primary key, past the engine's entity cache.
   */
  private static Long durationInMillis(HistoricActivityInstanceEventEntity activity) {
    if (activity.getDurationInMillis() != null) {
      return activity.getDurationInMillis();
    }
    CommandContext command = Context.getCommandContext();
    if (command == null || activity.getEndTime() == null) {
      return null;
    }
    Object row = command.getDbSqlSession().selectOne("selectHistoricActivityInstanceEvent", activity.getActivityInstanceId());
    if (row instanceof HistoricActivityInstanceEventEntity started && started.getStartTime() != null) {
      return Math.max(0, activity.getEndTime().getTime() - started.getStartTime().getTime());
    }
    return null;
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    events.forEach(this::handleEvent);
  }

  static boolean isStep(String type) {
    return type != null
        && !type.endsWith("Gateway")
        && !type.endsWith("StartEvent")
        && !type.equals("startEvent")
        && !type.endsWith("EndEvent")
        && !type.startsWith("boundary");
  }
}
