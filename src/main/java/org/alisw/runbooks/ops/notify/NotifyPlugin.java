package org.alisw.runbooks.ops.notify;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the webhook when a runbook waits for a human (a built-in create listener on every user
 * task, added at parse time: no BPMN carries it) and when it raises an incident (the engine's
 * incident history event). Nothing is registered when notifications are off.
 */
final class NotifyPlugin extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(NotifyPlugin.class);

  /** The VM a runbook acts on (design.md, "Plain variables"). */
  static final String HOSTNAME = "hostname";

  private final Notifications notifications;

  NotifyPlugin(Notifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (!notifications.enabled()) {
      return;
    }
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new UserTasks());
    if (configuration.getCustomHistoryEventHandlers() == null) {
      configuration.setCustomHistoryEventHandlers(new ArrayList<>());
    }
    configuration.getCustomHistoryEventHandlers().add(new Incidents());
  }

  private final class UserTasks extends AbstractBpmnParseListener {
    @Override
    public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
      if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
        String key = ((ProcessDefinitionEntity) activity.getProcessDefinition()).getKey();
        behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, task -> created(key, task));
      }
    }
  }

  private void created(String key, DelegateTask task) {
    try {
      List<String> groups =
          task.getCandidates().stream()
              .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
              .map(IdentityLink::getGroupId)
              .toList();
      Object hostname = task.getVariable(HOSTNAME);
      notifications.taskWaiting(key, hostname == null ? null : hostname.toString(), task.getName(), groups, task.getId());
    } catch (RuntimeException e) {
      log.warn("No notification for task {}: {}", task.getId(), e.toString());
    }
  }

  private final class Incidents implements HistoryEventHandler {
    @Override
    public void handleEvent(HistoryEvent event) {
      if (event instanceof HistoricIncidentEventEntity incident
          && HistoryEventTypes.INCIDENT_CREATE.getEventName().equals(incident.getEventType())
          && incident.getProcessDefinitionKey() != null) {
        try {
          notifications.incident(
              incident.getProcessDefinitionKey(),
              hostname(incident.getExecutionId()),
              incident.getActivityId(),
              incident.getIncidentMessage(),
              incident.getProcessInstanceId());
        } catch (RuntimeException e) {
          log.warn("No notification for incident {}: {}", incident.getId(), e.toString());
        }
      }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
      events.forEach(this::handleEvent);
    }

    private String hostname(String executionId) {
      if (executionId == null || Context.getCommandContext() == null) {
        return null;
      }
      ExecutionEntity execution = Context.getCommandContext().getExecutionManager().findExecutionById(executionId);
      Object value = execution == null ? null : execution.getVariable(HOSTNAME);
      return value == null ? null : value.toString();
    }
  }
}
