package org.alisw.runbooks.runbook.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A refused start leaves one WARN line naming runbook, user and reason, and no ERROR with a stack
 * trace from the engine; a real failure of a check still logs the engine's ERROR.
 */
class RefusalLoggingTest {

  private static final String BPMN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="test">
        <bpmn:process id="refusal-logging" isExecutable="true" camunda:historyTimeToLive="1">
          <bpmn:extensionElements>
            <camunda:properties>
              <camunda:property name="runbook.request-check" value="testRequestCheck" />
            </camunda:properties>
          </bpmn:extensionElements>
          <bpmn:startEvent id="start_event" />
          <bpmn:sequenceFlow id="flow" sourceRef="start_event" targetRef="user_task_wait" />
          <bpmn:userTask id="user_task_wait">
            <bpmn:extensionElements>
              <camunda:properties>
                <camunda:property name="runbook.input.decision" value="go | stop" />
              </camunda:properties>
            </bpmn:extensionElements>
          </bpmn:userTask>
        </bpmn:process>
      </bpmn:definitions>
      """;

  private static ProcessEngine engine;
  private ListAppender<ILoggingEvent> logs;

  @BeforeAll
  static void engine() {
    StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
    configuration.setProcessEngineName("refusal-logging-test");
    configuration.setJdbcUrl("jdbc:h2:mem:refusal-logging-test;DB_CLOSE_DELAY=-1");
    configuration.setJobExecutorActivate(false);
    configuration.setExpressionManager(new MockExpressionManager());
    configuration.getProcessEnginePlugins().add(new RunbookGuardsPlugin());
    engine = configuration.buildProcessEngine();
    engine.getRepositoryService().createDeployment()
        .addInputStream("refusal-logging.bpmn", new ByteArrayInputStream(BPMN.getBytes(StandardCharsets.UTF_8)))
        .deploy();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    root().detachAppender(logs);
    Mocks.reset();
    engine.getIdentityService().clearAuthentication();
  }

  @Test
  void aRefusalIsOneWarnLineWithUserRunbookAndReasonAndNoEngineError() {
    Mocks.register("testRequestCheck", (RequestCheck) execution -> {
      throw new RequestRejected("hostname", "Never rebuild alibuild09: the guide forbids it.");
    });
    engine.getIdentityService().setAuthenticatedUserId("operator1");

    assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey("refusal-logging"))
        .isInstanceOf(RequestRejected.class);

    assertThat(engineErrors()).as("no ERROR from the engine").isEmpty();
    List<ILoggingEvent> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage())
        .contains("refusal-logging")
        .contains("user=operator1")
        .contains("Never rebuild alibuild09");
    assertThat(warnings.get(0).getThrowableProxy()).as("no stack trace").isNull();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void aWrongTypeForATextFieldIsRefusedBeforeTheCheckReadsIt() {
    Mocks.register("testRequestCheck", (RequestCheck) execution -> {
      throw new AssertionError("the runbook's check must not see a non-text hostname");
    });

    assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey("refusal-logging", Map.of("hostname", 42)))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Variable 'hostname' must be text (type String), not integer");
    assertThat(engineErrors()).isEmpty();
  }

  /** The engine wraps a task listener's refusal (ENGINE-03051); it is still no engine ERROR. */
  @Test
  void aRefusedTaskCompletionIsNoEngineErrorEither() {
    Mocks.register("testRequestCheck", (RequestCheck) execution -> {});
    String instance = engine.getRuntimeService().startProcessInstanceByKey("refusal-logging").getId();
    String task = engine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult().getId();
    logs.list.clear();

    assertThatThrownBy(() -> engine.getTaskService().complete(task, Map.of("decision", "maybe")))
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(RequestRejected.class),
            e -> assertThat(e).hasRootCauseInstanceOf(RequestRejected.class));

    assertThat(engineErrors()).as("no ERROR from the engine").isEmpty();
    assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
        .singleElement().asString().contains("completion refused").contains("must be one of [go, stop], not 'maybe'");
    engine.getRuntimeService().deleteProcessInstance(instance, "test over");
  }

  @Test
  void aRealFailureOfACheckStillLogsTheEngineError() {
    Mocks.register("testRequestCheck", (RequestCheck) execution -> {
      throw new IllegalStateException("the check itself is broken");
    });

    assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey("refusal-logging"))
        .isInstanceOf(IllegalStateException.class);

    assertThat(engineErrors()).hasSize(1);
  }

  private List<ILoggingEvent> engineErrors() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR && e.getLoggerName().startsWith("org.camunda.bpm.engine"))
        .toList();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
