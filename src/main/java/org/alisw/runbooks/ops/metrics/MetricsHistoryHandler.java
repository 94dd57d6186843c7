package org.alisw.runbooks.ops.metrics;

import java.util.List;
import org.alisw.runbooks.ops.AfterCommit;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricTaskInstanceEventEntity;
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
    if (event instanceof HistoricTaskInstanceEventEntity task
        && HistoryEventTypes.TASK_INSTANCE_COMPLETE.getEventName().equals(task.getEventType())
        && task.getDurationInMillis() != null
        && task.getProcessDefinitionKey() != null) {
      String key = task.getProcessDefinitionKey();
      String taskKey = task.getTaskDefinitionKey();
      long millis = task.getDurationInMillis();
      AfterCommit.run(() -> metrics.taskEnded(key, taskKey, millis));
    } else if (event instanceof HistoricActivityInstanceEventEntity activity
        && HistoryEventTypes.ACTIVITY_INSTANCE_END.getEventName().equals(activity.getEventType())
        && activity.getDurationInMillis() != null
        && activity.getProcessDefinitionKey() != null
        && isStep(activity.getActivityType())) {
      String key = activity.getProcessDefinitionKey();
      String id = activity.getActivityId();
      String type = activity.getActivityType();
      long millis = activity.getDurationInMillis();
      AfterCommit.run(() -> metrics.stepEnded(key, id, type, millis));
    }
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
