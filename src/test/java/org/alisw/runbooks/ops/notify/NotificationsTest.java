package org.alisw.runbooks.ops.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.alisw.runbooks.ops.OpsTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook notifications on an engine of their own, received by a local HTTP server (JDK
 * HttpServer on port 0) that answers what each test scripts.
 */
class NotificationsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static HttpServer receiver;
  private static final List<String> received = new CopyOnWriteArrayList<>();
  /** Statuses the receiver answers, in order; 200 once empty. */
  private static final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
  private static ProcessEngine engine;
  private static WebhookNotifier notifier;

  @BeforeAll
  static void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/secret-key", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Integer status = answers.poll();
      exchange.sendResponseHeaders(status == null ? 200 : status, -1);
      exchange.close();
    });
    receiver.start();
    notifier = notifier("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/secret-key", 3);
    engine = OpsTestEngine.build(new NotifyPlugin(new Notifications(notifier)));
    OpsTestEngine.deploy(engine, approval(), failing());
  }

  @AfterAll
  static void stop() {
    engine.close();
    notifier.close();
    receiver.stop(0);
  }

  @BeforeEach
  void clear() {
    received.clear();
    answers.clear();
  }

  private static WebhookNotifier notifier(String url, int attempts) {
    NotifyProperties properties = new NotifyProperties(
        url, "https://runbooks.example/camunda/app/tasklist/default/", "https://runbooks.example/camunda/app/cockpit/default",
        10, attempts, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));
    return new WebhookNotifier(properties, Executors.newSingleThreadScheduledExecutor());
  }

  private static BpmnModelInstance approval() {
    return Bpmn.createExecutableProcess("ops-approval")
        .camundaHistoryTimeToLive(1)
        .startEvent("start_event")
        .userTask("user_task_approve").name("Approve the rebuild").camundaCandidateGroups("alice-agile-admin")
        .endEvent("end_event_done")
        .done();
  }

  private static BpmnModelInstance failing() {
    return Bpmn.createExecutableProcess("ops-failing")
        .camundaHistoryTimeToLive(1)
        .startEvent("start_event")
        .serviceTask("service_task_rebuild_server").camundaAsyncBefore().camundaFailedJobRetryTimeCycle("R1/PT1M")
        .camundaExpression("${novaSaysNo}")
        .endEvent("end_event_done")
        .done();
  }

  @Test
  void postsAWaitingTaskWithItsRunbookHostAndLinkToTasklist() throws Exception {
    String instanceId =
        engine.getRuntimeService().startProcessInstanceByKey("ops-approval", Map.of("hostname", "alibuild77")).getId();
    String taskId = engine.getTaskService().createTaskQuery().processInstanceId(instanceId).singleResult().getId();

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    JsonNode payload = JSON.readTree(received.get(0));
    assertThat(payload.size()).as("Mattermost/Slack: text only").isEqualTo(1);
    assertThat(payload.get("text").asText())
        .isEqualTo("Runbook ops-approval (alibuild77) waits for a human: \"Approve the rebuild\" (alice-agile-admin)."
            + " Tasklist: https://runbooks.example/camunda/app/tasklist/default/#/?task=" + taskId);
  }

  @Test
  void postsAnIncidentWithTheFailedStepAndALinkToCockpit() throws Exception {
    String instanceId =
        engine.getRuntimeService().startProcessInstanceByKey("ops-failing", Map.of("hostname", "alibuild78")).getId();
    assertThat(received).as("nothing yet: the step has not failed").isEmpty();

    OpsTestEngine.executeJob(engine, instanceId);

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    String text = JSON.readTree(received.get(0)).get("text").asText();
    assertThat(text)
        .startsWith("Runbook ops-failing (alibuild78) raised an incident at service_task_rebuild_server: ")
        .contains("novaSaysNo")
        .endsWith("Cockpit: https://runbooks.example/camunda/app/cockpit/default/#/process-instance/" + instanceId + "/runtime");
  }

  @Test
  void retriesASendTheReceiverAnsweredWith500() throws Exception {
    answers.add(500);
    answers.add(503);

    engine.getRuntimeService().startProcessInstanceByKey("ops-approval", Map.of("hostname", "alibuild79"));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
    assertThat(received).as("the same message each time").containsOnly(received.get(0));
    Thread.sleep(600);
    assertThat(received).as("no further send once one succeeded").hasSize(3);
  }

  @Test
  void theRunbookGoesOnWhileTheReceiverIsDown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WebhookNotifier down = notifier("http://127.0.0.1:" + closedPort + "/hooks/secret-key", 2);
    ProcessEngine other = OpsTestEngine.build(new NotifyPlugin(new Notifications(down)));
    try {
      OpsTestEngine.deploy(other, approval());
      long began = System.nanoTime();
      String instanceId =
          other.getRuntimeService().startProcessInstanceByKey("ops-approval", Map.of("hostname", "alibuild80")).getId();
      String taskId = other.getTaskService().createTaskQuery().processInstanceId(instanceId).singleResult().getId();
      other.getTaskService().complete(taskId);

      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
      assertThat(other.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult().getState())
          .isEqualTo("COMPLETED");
    } finally {
      other.close();
      down.close();
    }
  }

  @Test
  void aFullQueueDropsNewMessagesInsteadOfWaiting() throws Exception {
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.createContext("/", exchange -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    slow.start();
    NotifyProperties properties = new NotifyProperties(
        "http://127.0.0.1:" + slow.getAddress().getPort() + "/", "t/", "c/", 1, 1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));
    try (WebhookNotifier one = new WebhookNotifier(properties, Executors.newSingleThreadScheduledExecutor())) {
      assertThat(one.offer("first")).isTrue();
      long began = System.nanoTime();
      assertThat(one.offer("second")).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMillis(200));
    } finally {
      slow.stop(0);
    }
  }

  @Test
  void isOffWithoutAWebhookUrl() {
    WebhookNotifier off = notifier("", 1);
    assertThat(off.enabled()).isFalse();
    assertThat(off.offer("anything")).isFalse();
    off.close();
  }
}
