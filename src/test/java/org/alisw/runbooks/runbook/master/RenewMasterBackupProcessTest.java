package org.alisw.runbooks.runbook.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code renew-master-backup} with the engine clock moved to the renewal date. */
@Deployment(
    resources = {
      "renew-master-backup.bpmn",
      "forms/renew-master-backup-start.form",
      "forms/renew-master-backup-renew.form"
    })
class RenewMasterBackupProcessTest {

  static final String OPERATORS = "alice-agile-admin";
  private static final String KEY = "renew-master-backup";
  private static final Instant FIRST_RENEWAL = Instant.parse("2027-01-11T08:00:00Z");

  @RegisterExtension
  static final ProcessEngineExtension ENGINE =
      ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();

  private final ClusterPort cluster = mock(ClusterPort.class);

  @BeforeEach
  void registerBeans() {
    when(cluster.masters()).thenReturn(List.of("alimesos01", "alimesos02", "alimesos03"));
    RenewMasterBackupSettings settings =
        new RenewMasterBackupSettings(
            new RenewMasterBackupProperties("R/2027-01-11T08:00:00Z/P1Y", Period.ofDays(14), Period.ofDays(7)));
    Mocks.register("renewMasterBackup", settings);
    Mocks.register("backupReminderRequest", new BackupReminderRequest(cluster, settings));
    Mocks.register("recordBackupRenewal", new RecordBackupRenewalListener());
    Mocks.register(
        "runbooks",
        new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));
  }

  @AfterEach
  void reset() {
    ClockUtil.reset();
    identityService().clearAuthentication();
    Mocks.reset();
  }

  private static Job reminderTimer() {
    return managementService().createJobQuery().timers().processDefinitionKey(KEY).singleResult();
  }

  /** Moves the engine clock past the timer and fires it, as the job executor would. */
  private static ProcessInstance fireTimer(Instant now) {
    ClockUtil.setCurrentTime(Date.from(now));
    Job timer = reminderTimer();
    assertThat(managementService().createJobQuery().timers().executable().count()).isEqualTo(1);
    managementService().executeJob(timer.getId());
    return runtimeService().createProcessInstanceQuery().processDefinitionKey(KEY).singleResult();
  }

  @Test
  void theTimerCreatesTheReminderWithItsDueAndFollowUpDates() {
    Job timer = reminderTimer();
    assertThat(timer.getDuedate()).isEqualTo(Date.from(FIRST_RENEWAL));
    // Nothing due before the renewal date.
    ClockUtil.setCurrentTime(Date.from(FIRST_RENEWAL.minus(1, ChronoUnit.DAYS)));
    assertThat(managementService().createJobQuery().timers().executable().count()).isZero();

    Instant now = FIRST_RENEWAL.plus(1, ChronoUnit.MINUTES);
    ProcessInstance instance = fireTimer(now);

    assertThat(instance).isWaitingAt("user_task_renew_tsm_backup");
    Task reminder = task(instance);
    assertThat(reminder.getName()).isEqualTo("Renew the TSM backup registration of the masters");
    assertThat(reminder.getDueDate()).isEqualTo(Date.from(now.plus(14, ChronoUnit.DAYS)));
    assertThat(reminder.getFollowUpDate()).isEqualTo(Date.from(now.plus(7, ChronoUnit.DAYS)));
    assertThat(reminder.getDescription()).contains("CERN TSM").contains("Agents are not backed up");
    assertThat(taskService().getIdentityLinksForTask(reminder.getId()))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo(OPERATORS));
    assertThat(instance).variables().containsEntry("masters", "alimesos01, alimesos02, alimesos03");
    // The next cycle is scheduled a year later.
    assertThat(reminderTimer().getDuedate()).isEqualTo(Date.from(Instant.parse("2028-01-11T08:00:00Z")));
  }

  @Test
  void completingTheReminderRecordsWhoRenewedItAndWhen() {
    ProcessInstance instance = fireTimer(FIRST_RENEWAL.plus(2, ChronoUnit.HOURS));
    Instant renewedAt = FIRST_RENEWAL.plus(3, ChronoUnit.DAYS);
    ClockUtil.setCurrentTime(Date.from(renewedAt));

    identityService().setAuthentication("operator1", List.of(OPERATORS));
    taskService().complete(task(instance).getId(), Map.of("renewalNotes", "Renewed TSM nodes ALIMESOS01-03, ticket RQF123"));

    assertThat(instance).hasPassed("end_event_backup_renewed").isEnded();
    Map<String, Object> recorded = historicVariables(instance);
    assertThat(recorded)
        .containsEntry("renewedBy", "operator1")
        .containsEntry("renewedAt", renewedAt.toString())
        .containsEntry("renewalNotes", "Renewed TSM nodes ALIMESOS01-03, ticket RQF123");
  }

  @Test
  void withoutALoggedInUserTheAssigneeIsRecorded() {
    ProcessInstance instance = fireTimer(FIRST_RENEWAL.plus(2, ChronoUnit.HOURS));
    taskService().claim(task(instance).getId(), "operator2");

    taskService().complete(task(instance).getId(), Map.of("renewalNotes", "done"));

    assertThat(historicVariables(instance)).containsEntry("renewedBy", "operator2");
  }

  @Test
  void refusesACompletionWithoutSayingWhatWasRenewed() {
    ProcessInstance instance = fireTimer(FIRST_RENEWAL.plus(2, ChronoUnit.HOURS));
    identityService().setAuthentication("operator1", List.of(OPERATORS));

    assertThatThrownBy(() -> taskService().complete(task(instance).getId(), Map.of()))
        .hasMessageContaining("renewalNotes");
    assertThatThrownBy(() -> taskService().complete(task(instance).getId(), Map.of("renewalNotes", "x", "renewedBy", "someone-else")))
        .hasMessageContaining("renewedBy");
    assertThat(instance).isWaitingAt("user_task_renew_tsm_backup");
  }

  @Test
  void anOperatorStartsItWhenCernItsEmailComesFirst() {
    identityService().setAuthentication("operator1", List.of(OPERATORS));

    ProcessInstance instance = runtimeService().startProcessInstanceByKey(KEY);

    assertThat(instance).hasPassed("start_event_backup_renewal_due").isWaitingAt("user_task_renew_tsm_backup");
    assertThat(instance).variables().containsEntry("initiator", "operator1");
    assertThat(task(instance).getDueDate()).isNotNull();
  }

  @Test
  void refusesInputsAtStart() {
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY, Map.of("hostname", "alibuild07")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("takes no inputs");
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(KEY).count()).isZero();
  }

  private static Map<String, Object> historicVariables(ProcessInstance instance) {
    Map<String, Object> values = new java.util.HashMap<>();
    historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).list()
        .forEach(v -> values.put(v.getName(), v.getValue()));
    return values;
  }
}
