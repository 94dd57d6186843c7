package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.PROJECT;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.runJob;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.mesos.AgentTasks;
import org.alisw.runbooks.mesos.MesosTask;
import org.alisw.runbooks.openstack.CloudImage;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: rebuild-agent's human tasks tell what happened before in plain words (the task
 * description Tasklist shows and the {@code taskStory} the forms display): who asked and why, the
 * discussion, the Mesos tasks on the agent, the plan to approve, a refused step.
 */
@Deployment(
    resources = {
      "rebuild-agent.bpmn",
      "rebuild-vm.bpmn",
      "stubs/lc-verify-host-stub.bpmn",
      "forms/rebuild-agent-start.form",
      "forms/rebuild-agent-discuss.form",
      "forms/rebuild-agent-review-tasks.form",
      "forms/rebuild-agent-confirm-important-tasks.form",
      "forms/rebuild-agent-approve.form",
      "forms/rebuild-agent-investigate.form",
      "forms/rebuild-vm-investigate.form"
    })
class RebuildAgentStoryTest {

  @RegisterExtension
  static final ProcessEngineExtension ENGINE = LifecycleFixture.engine();

  private final LifecycleFixture fixture = new LifecycleFixture();

  @BeforeEach
  void register() {
    fixture.register();
    LifecycleChecks checks = fixture.checks;
    Mocks.register("rebuildAgentRequest", new RebuildAgentRequest(fixture.cloud::findServer, checks));
    Mocks.register("listAgentTasks", new ListAgentTasksDelegate(fixture.cluster, checks));
    Mocks.register("freezeRebuildPlan", new FreezeRebuildPlanDelegate(fixture.cloud, checks));
    Mocks.register("checkRebuildPlan", new CheckRebuildPlanDelegate(fixture.cloud, checks));
    Mocks.register("stubHostVerified", true);
    when(fixture.cloud.findServer(PROJECT, "alibuild07")).thenReturn(Optional.of(server("alibuild07", "ACTIVE")));
    when(fixture.cloud.server(PROJECT, "id-alibuild07")).thenReturn(Optional.of(server("alibuild07", "ACTIVE")));
    when(fixture.cloud.latestImage(PROJECT, null)).thenReturn(Optional.of(new CloudImage("img-new", "CC7 - x86_64 [2026-11-01]", "active", null)));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    identityService().clearAuthentication();
  }

  @Test
  void theDiscussionTaskSaysWhoAskedAndWhy() {
    ProcessInstance instance = start();

    Task discuss = task(instance);
    assertThat(discuss.getDescription())
        .startsWith("**Discuss with your colleagues** (runbook rebuild-agent, host alibuild07)")
        .contains("\"Discuss with your colleagues whether rebuilding the agent is a good idea\"")
        .contains("Started by operator1 on ")
        .contains("Reason given: \"broken docker installation\"")
        .doesNotContain("Done by people so far");
    assertThat(taskService().getVariableLocal(discuss.getId(), "taskStory")).isEqualTo(discuss.getDescription());
  }

  @Test
  void theTaskReviewListsTheMesosTasksAndTheDiscussion() {
    tasksOn(mesosTask("monitoring_node-exporter", "marathon", false), mesosTask("build_O2_slc7", "Jenkins Scheduler", false));
    ProcessInstance instance = discussed();
    runJob(instance, "service_task_list_agent_tasks");

    assertThat(instance).isWaitingAt("user_task_review_agent_tasks");
    assertThat(task(instance).getDescription())
        .contains("## Done by people so far")
        .contains("- Discuss with your colleagues: operator1, ")
        .contains("discussion outcome: go; discussion notes: agreed with the team in the meeting")
        .contains("## Mesos tasks on alibuild07")
        .contains("- monitoring_node-exporter (framework marathon, TASK_RUNNING)")
        .contains("- build_O2_slc7 (framework Jenkins Scheduler, TASK_RUNNING)")
        .contains("None of them is marked important.");
  }

  @Test
  void theConfirmationNamesTheImportantTasks() {
    tasksOn(mesosTask("jenkins-alibuild-o2-pr-checker", "Jenkins Scheduler", true));
    ProcessInstance instance = discussed();
    runJob(instance, "service_task_list_agent_tasks");

    assertThat(instance).isWaitingAt("user_task_confirm_important_tasks");
    assertThat(task(instance).getDescription())
        .contains("The agent runs tasks marked important")
        .contains("Marked important: jenkins-alibuild-o2-pr-checker (framework Jenkins Scheduler, TASK_RUNNING, IMPORTANT)");
  }

  @Test
  void theApproverReadsThePlanAndEveryEarlierDecision() {
    tasksOn(mesosTask("monitoring_node-exporter", "marathon", false));
    ProcessInstance instance = discussed();
    runJob(instance, "service_task_list_agent_tasks");
    identityService().setAuthenticatedUserId("operator1");
    taskService().complete(task(instance).getId(), Map.of("tasksDecision", "proceed", "tasksNotes", "only the exporter"));
    runJob(instance, "service_task_freeze_plan");

    assertThat(instance).isWaitingAt("user_task_approve_rebuild");
    String story = task(instance).getDescription();
    assertThat(story)
        .contains("Four eyes: approve or reject exactly the plan below")
        .contains("- Check the tasks the agent runs: operator1, ")
        .contains("tasks decision: proceed; tasks notes: only the exporter")
        .contains("## The plan")
        .contains("- hostname: alibuild07")
        .contains("img-new");
    assertThat(story.indexOf("Discuss with your colleagues:")).isLessThan(story.indexOf("Check the tasks the agent runs:"));
  }

  @Test
  void aRefusedStepIsToldInTheInvestigation() {
    tasksOn(mesosTask("monitoring_node-exporter", "marathon", false));
    ProcessInstance instance = discussed();
    when(fixture.cluster.tasksOn("alibuild07")).thenThrow(new org.alisw.runbooks.policy.PolicyViolation("alibuild07 is not a Mesos agent of this cluster"));
    runJob(instance, "service_task_list_agent_tasks");

    assertThat(instance).isWaitingAt("user_task_investigate_request");
    assertThat(task(instance).getDescription())
        .contains("A step was refused (below)")
        .contains("## Refused step")
        .contains("alibuild07 is not a Mesos agent of this cluster");
  }

  private ProcessInstance start() {
    identityService().setAuthenticatedUserId("operator1");
    return runtimeService().startProcessInstanceByKey("rebuild-agent", Map.of("hostname", "alibuild07", "reason", "broken docker installation"));
  }

  private ProcessInstance discussed() {
    ProcessInstance instance = start();
    taskService().complete(task(instance).getId(), Map.of("discussionOutcome", "go", "discussionNotes", "agreed with the team in the meeting"));
    return instance;
  }

  private void tasksOn(MesosTask... tasks) {
    when(fixture.cluster.tasksOn("alibuild07")).thenReturn(new AgentTasks("alibuild07", "agent-alibuild07", List.of(tasks)));
  }

  private static MesosTask mesosTask(String name, String framework, boolean important) {
    return new MesosTask(name + ".1", name, "TASK_RUNNING", "fw-" + framework, framework, important);
  }
}
