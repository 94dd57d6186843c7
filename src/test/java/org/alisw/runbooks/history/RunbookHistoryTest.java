package org.alisw.runbooks.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.history.RunbookRecords.Person;
import org.alisw.runbooks.history.RunbookRecords.Record;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The record as an engine with authorization on gives it: chosen fields only, the task's own
 * inputs, who completed a task (from the operation log), puppet runs in order, incidents; and
 * nothing for a user without history grants or without a user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunbookHistoryTest {

  private ProcessEngine engine;
  private ProcessEngineConfigurationImpl configuration;
  private RunbookHistory history;
  private String instance;

  @BeforeAll
  void aFinishedRunbookWithAnApprovalAPuppetRetryAndAnIncident() {
    configuration = (ProcessEngineConfigurationImpl) new StandaloneInMemProcessEngineConfiguration()
        .setJdbcUrl("jdbc:h2:mem:runbook-history-test;DB_CLOSE_DELAY=-1")
        .setHistory(ProcessEngineConfigurationImpl.HISTORY_FULL)
        .setJobExecutorActivate(false)
        .setProcessEngineName("runbook-history-test");
    configuration.setIdGenerator(new StrongUuidGenerator());
    engine = configuration.buildProcessEngine();
    history = new RunbookHistory(engine);

    engine.getRepositoryService().createDeployment().addString("history-test.bpmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="definitions_history_test" targetNamespace="http://alisw.org/runbooks">
          <bpmn:process id="history-test" name="History test" isExecutable="true" camunda:historyTimeToLive="1">
            <bpmn:startEvent id="start_event_requested" camunda:initiator="initiator" />
            <bpmn:sequenceFlow id="flow_1" sourceRef="start_event_requested" targetRef="user_task_approve_thing" />
            <bpmn:userTask id="user_task_approve_thing" name="Approve the thing">
              <bpmn:extensionElements>
                <camunda:properties>
                  <camunda:property name="runbook.approval" value="approvalDecision" />
                  <camunda:property name="runbook.input.approvalDecision" value="approve | reject" />
                  <camunda:property name="runbook.input.approvalNotes" value="text" />
                </camunda:properties>
                <camunda:inputOutput>
                  <camunda:inputParameter name="approvalDecision" />
                  <camunda:inputParameter name="approvalNotes" />
                  <camunda:inputParameter name="scratch">not an input</camunda:inputParameter>
                  <camunda:outputParameter name="approvalDecision">${approvalDecision}</camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="flow_2" sourceRef="user_task_approve_thing" targetRef="user_task_read_report" />
            <bpmn:userTask id="user_task_read_report" name="Read the report" />
            <bpmn:sequenceFlow id="flow_3" sourceRef="user_task_read_report" targetRef="end_event_done" />
            <bpmn:endEvent id="end_event_done" name="Done" />
          </bpmn:process>
        </bpmn:definitions>
        """.strip()).deploy();

    engine.getIdentityService().setAuthenticatedUserId("alice");
    ProcessInstance started = engine.getRuntimeService().startProcessInstanceByKey("history-test", Map.of(
        "hostname", "alibuild99", "reason", "kernel update", "plan", "{\"secret\": \"not-in-the-record\"}",
        "puppetAttempt2", "attempt 2: exit code 2 (CLEAN), 3 s", "puppetAttempt1", "attempt 1: exit code 6 (FAILED), 4 s\nError: x"));
    instance = started.getId();
    org.camunda.bpm.engine.task.Task approvalTask = engine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult();
    // An incident met and resolved on the way (an operator fixed the cause).
    engine.getRuntimeService().resolveIncident(
        engine.getRuntimeService().createIncident("runbookCheck", approvalTask.getExecutionId(), "cfg", "Nova answered 500").getId());
    engine.getIdentityService().setAuthenticatedUserId("carol");
    String approval = approvalTask.getId();
    engine.getTaskService().complete(approval, Map.of("approvalDecision", "approve", "approvalNotes", "same flavor, fine", "scratch", "x"));
    engine.getIdentityService().setAuthenticatedUserId("dave");
    engine.getTaskService().complete(engine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult().getId());
    engine.getIdentityService().clearAuthentication();

    Authorization grant = engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId("auditor");
    grant.setResource(Resources.PROCESS_DEFINITION);
    grant.setResourceId("*");
    grant.addPermission(Permissions.READ);
    grant.addPermission(Permissions.READ_HISTORY);
    engine.getAuthorizationService().saveAuthorization(grant);
    configuration.setAuthorizationEnabled(true);
  }

  @AfterAll
  void closeEngine() {
    engine.close();
  }

  private <T> T as(String user, java.util.function.Supplier<T> call) {
    engine.getIdentityService().setAuthentication(user, List.of());
    try {
      return call.get();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  @Test
  void theRecordSaysWhoStartedAndApprovedItWithTheirInputsOnly() throws Exception {
    Record record = as("auditor", () -> history.record(instance));
    assertThat(record.runbook().startedBy()).isEqualTo("alice");
    assertThat(record.runbook().hostname()).isEqualTo("alibuild99");
    assertThat(record.runbook().state()).isEqualTo("COMPLETED");
    assertThat(record.runbook().outcome().activityId()).isEqualTo("end_event_done");
    assertThat(record.runbook().outcome().name()).isEqualTo("Done");
    Person approver = record.people().stream().filter(p -> p.role().equals("approver")).findFirst().orElseThrow();
    assertThat(approver.userId()).as("who completed it, from the operation log (nobody claimed)").isEqualTo("carol");
    assertThat(approver.inputs()).containsExactlyInAnyOrderEntriesOf(Map.of("approvalDecision", "approve", "approvalNotes", "same flavor, fine"));
    assertThat(approver.taskState()).isEqualTo("completed");
    Person reader = record.people().stream().filter(p -> p.activityId() != null && p.activityId().equals("user_task_read_report")).findFirst().orElseThrow();
    assertThat(reader.role()).isEqualTo("operator");
    assertThat(reader.userId()).isEqualTo("dave");
    assertThat(record.people().get(0).role()).isEqualTo("started");

    assertThat(record.puppetAttempts()).extracting(RunbookRecords.PuppetAttempt::attempt).containsExactly(1, 2);
    assertThat(record.puppetAttempts().get(0).output()).startsWith("attempt 1: exit code 6 (FAILED)");
    assertThat(record.incidents()).singleElement().satisfies(i -> {
      assertThat(i.message()).isEqualTo("Nova answered 500");
      assertThat(i.state()).isEqualTo("resolved");
      assertThat(i.activityId()).isEqualTo("user_task_approve_thing");
      assertThat(i.type()).isEqualTo("runbookCheck");
    });
    assertThat(record.path()).containsExactly("start_event_requested", "user_task_approve_thing", "user_task_read_report", "end_event_done");
    assertThat(record.steps()).extracting(RunbookRecords.Step::outcome).containsOnly("completed");

    String json = new ObjectMapper().writeValueAsString(record);
    assertThat(json).as("variables nobody chose stay out").doesNotContain("not-in-the-record", "scratch", "not an input");
  }

  @Test
  void theListFiltersAndAUserWithoutGrantsSeesNothing() {
    assertThat(as("auditor", () -> history.list(HistoryQuery.parse(Map.of("host", List.of("alibuild99"))))).total()).isEqualTo(1);
    assertThat(as("auditor", () -> history.list(HistoryQuery.parse(Map.of("outcome", List.of("end_event_done"))))).total()).isEqualTo(1);
    assertThat(as("auditor", () -> history.list(HistoryQuery.parse(Map.of("startedBy", List.of("carol"))))).total()).isZero();
    assertThat(as("auditor", () -> history.list(HistoryQuery.parse(Map.of("state", List.of("running"))))).total()).isZero();
    assertThat(as("auditor", () -> history.list(HistoryQuery.all())).runbooks().get(0).reason()).isEqualTo("kernel update");

    assertThat(as("mallory", () -> history.list(HistoryQuery.all())).total()).as("no READ_HISTORY").isZero();
    assertThatThrownBy(() -> as("mallory", () -> history.record(instance)))
        .isInstanceOf(RunbookNotFoundException.class).hasMessage("No runbook " + instance + " in the history you may read.");
    assertThatThrownBy(() -> history.list(HistoryQuery.all())).isInstanceOf(HistoryAccessException.class);
  }
}
