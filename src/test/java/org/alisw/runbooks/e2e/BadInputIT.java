package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Bad input over REST, as an operator's script or Tasklist sends it: {@code /start}, {@code
 * /submit-form} and task completion. Every row must be refused with 400 (403 where it is a
 * question of who may do it), with a message naming the problem, and leave nothing behind: no
 * process instance, no variable, no request to a simulator about the host.
 *
 * <p>Hosts of its own ({@code alibuild71}, {@code alibuild72}) keep it apart from the other
 * end-to-end tests in the shared context; it removes them again at the end.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

  /** An agent of this test only: the task-completion rows work on its rebuild-agent runbook. */
  static final String AGENT = "alibuild71";
  /** A name no server has; start rows refused on a later check use it. */
  static final String FREE_NAME = "alibuild72";

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired SimulatedForeman foreman;

  private String rebuildInstance;

  // --- the tables ---

  enum Door {
    START("/start"),
    SUBMIT_FORM("/submit-form");

    final String path;

    Door(String path) {
      this.path = path;
    }
  }

  /** One refused start: who, through which door, what; the answer and the words it must contain. */
  record StartRow(String title, String user, Door door, String key, Map<String, Object> variables, int status, String says) {
    StartRow(String title, String key, Map<String, Object> variables, String says) {
      this(title, "operator1", Door.START, key, variables, 400, says);
    }

    StartRow viaForm() {
      return new StartRow(title + " (start form)", user, Door.SUBMIT_FORM, key, variables, status, says);
    }

    StartRow as(String otherUser, int otherStatus) {
      return new StartRow(title, otherUser, door, key, variables, otherStatus, says);
    }

    /** The host name the row is about, for the side-effect checks. */
    String host() {
      Object hostname = variables.get("hostname");
      return hostname instanceof Map<?, ?> typed && typed.get("value") instanceof String name && name.matches("[A-Za-z0-9._-]{1,64}")
          ? name : FREE_NAME;
    }

    @Override
    public String toString() {
      return title + " [" + key + door.path + " as " + user + "]";
    }
  }

  static Stream<StartRow> startRows() {
    String longName = "alibuild" + "7".repeat(60);
    return Stream.of(
        // --- malformed and over-long names, shell metacharacters
        new StartRow("upper-case name", "reboot-server", vars("hostname", s("AliBuild05"), "reason", s("x")), "'AliBuild05' is not a valid server name"),
        new StartRow("over-long name (68 characters)", "reboot-server", vars("hostname", s(longName), "reason", s("x")), "is not a valid server name"),
        new StartRow("semicolon", "reboot-server", vars("hostname", s("alibuild05;reboot"), "reason", s("x")), "'alibuild05;reboot' is not a valid server name"),
        new StartRow("command substitution", "reboot-server", vars("hostname", s("alibuild05$(id)"), "reason", s("x")), "is not a valid server name"),
        new StartRow("backticks", "verify-host", vars("hostname", s("`id`")), "'`id`' is not a valid server name"),
        new StartRow("pipe", "delete-vm", vars("hostname", s("alibuild05|true"), "reason", s("x")), "is not a valid server name"),
        new StartRow("path", "rebuild-agent", vars("hostname", s("../../etc/passwd"), "reason", s("x")), "is not a valid server name"),
        new StartRow("space", "reboot-server", vars("hostname", s("alibuild 05"), "reason", s("x")), "is not a valid server name"),
        new StartRow("new line", "reboot-server", vars("hostname", s("alibuild05\nalibuild06"), "reason", s("x")), "is not a valid server name"),
        new StartRow("non-ASCII letter", "reboot-server", vars("hostname", s("alibuíld05"), "reason", s("x")), "is not a valid server name"),
        new StartRow("domain name", "reboot-server", vars("hostname", s("alibuild05.cern.ch"), "reason", s("x")), "is not a valid server name"),
        new StartRow("missing name", "reboot-server", vars("reason", s("x")), "A server name is required"),
        new StartRow("shell metacharacters", "create-agent", vars("hostname", s("alibuild73&&id"), "purpose", s("build")), "'alibuild73&&id' is not a valid name for an agent").viaForm(),
        // --- wrong prefixes, unknown or taken names
        new StartRow("master name for an agent", "create-agent", vars("hostname", s("alimesos05"), "purpose", s("build")), "alimesos05"),
        new StartRow("agent name for a master", "create-master", vars("hostname", s("alibuild73"), "zone", s("cern-geneva-a")), "alibuild73"),
        new StartRow("agent number too short", "create-agent", vars("hostname", s("alibuild7"), "purpose", s("build")), "alibuild7"),
        new StartRow("name taken", "create-agent", vars("hostname", s("alibuild07"), "purpose", s("build")), "A server named alibuild07 exists already"),
        new StartRow("no such server", "reboot-server", vars("hostname", s(FREE_NAME), "reason", s("x")), "No server named " + FREE_NAME),
        new StartRow("not a master", "rebuild-master", vars("hostname", s("alibuild05"), "reason", s("x")), "alibuild05"),
        // --- zones, projects, purposes, images, flavors
        new StartRow("unknown zone", "create-master", vars("hostname", s("alimesos03"), "zone", s("cern-geneva-z")), "cern-geneva-z"),
        new StartRow("zone of another master", "create-master", vars("hostname", s("alimesos03"), "zone", s("cern-geneva-a")), "Zone cern-geneva-a already has a master"),
        new StartRow("unknown project", "reboot-server", vars("hostname", s("alibuild05"), "reason", s("x"), "project", s("bitcoin")), "Unknown OpenStack project 'bitcoin'"),
        new StartRow("unknown purpose", "create-agent", vars("hostname", s("alibuild73"), "purpose", s("mining")), "mining"),
        new StartRow("unknown image", "rebuild-agent", vars("hostname", s("alibuild05"), "reason", s("x"), "image", s("Windows 95")), "Windows 95"),
        new StartRow("unknown flavor", "provision-vm", vars("hostname", s("alibuild73"), "role", s("agent"), "purpose", s("build"), "project", s("release-testing"),
            "hostgroup", s("alibuild/mesos/slave"), "environment", s("production"), "flavor", s("m9.galactic")), "m9.galactic"),
        new StartRow("unknown role", "provision-vm", vars("hostname", s("alibuild73"), "role", s("miner"), "project", s("release-testing"),
            "hostgroup", s("x"), "environment", s("x"), "flavor", s("m2.large")), "Unknown role 'miner'"),
        // --- protected hosts
        new StartRow("rebuild alibuild09", "rebuild-agent", vars("hostname", s("alibuild09"), "reason", s("slow")), "Never rebuild alibuild09"),
        new StartRow("rebuild alibuild03", "rebuild-agent", vars("hostname", s("alibuild03"), "reason", s("slow")), "Never rebuild alibuild03"),
        new StartRow("delete alibuild03", "delete-vm", vars("hostname", s("alibuild03"), "reason", s("old")), "Never delete alibuild03"),
        new StartRow("delete alibuild03", "delete-vm", vars("hostname", s("alibuild03"), "reason", s("old")), "Never delete alibuild03").viaForm(),
        new StartRow("rebuild-vm of alibuild09 without approval", "rebuild-vm", vars("hostname", s("alibuild09"), "project", s("release-testing"), "serverId", s("x")), "alibuild09"),
        // --- missing reason
        new StartRow("missing reason", "reboot-server", vars("hostname", s("alibuild05")), "reason"),
        new StartRow("blank reason", "rebuild-agent", vars("hostname", s("alibuild05"), "reason", s("   ")), "reason"),
        new StartRow("missing reason", "delete-vm", vars("hostname", s("alibuild05")), "reason").viaForm(),
        // --- wrong variable types
        new StartRow("number for hostname", "reboot-server", vars("hostname", typed(42, "Integer"), "reason", s("x")), "hostname"),
        new StartRow("boolean for hostname", "reboot-server", vars("hostname", typed(true, "Boolean"), "reason", s("x")), "hostname"),
        // No JSON (Spin) support in this engine: the REST API refuses the type before anything starts.
        new StartRow("JSON object for hostname", "reboot-server", vars("hostname", typed("{\"name\":\"alibuild05\"}", "Json"), "reason", s("x")), "Unsupported value type 'Json'"),
        new StartRow("boolean for reason", "reboot-server", vars("hostname", s("alibuild05"), "reason", typed(true, "Boolean")), "Variable 'reason' must be text"),
        new StartRow("number for reason", "reboot-server", vars("hostname", s("alibuild05"), "reason", typed(7, "Integer")), "reason"),
        // --- who may do it
        new StartRow("initiator of someone else", "reboot-server", vars("hostname", s("alibuild05"), "reason", s("x"), "initiator", s("operator2")), "may not start a runbook on behalf of 'operator2'").as("operator1", 403),
        new StartRow("a runbook the user may not start", "reboot-server", vars("hostname", s("alibuild05"), "reason", s("x")), "observer1").as("observer1", 403));
  }

  /** One refused completion of a task of the rebuild-agent runbook on {@link #AGENT}. */
  record TaskRow(String title, String user, String taskKey, Map<String, Object> variables, int status, String says) {
    @Override
    public String toString() {
      return title + " [" + taskKey + " as " + user + "]";
    }
  }

  static final String DISCUSS = "user_task_discuss_with_colleagues";
  static final String APPROVE = "user_task_approve_rebuild";

  static Stream<TaskRow> taskRows() {
    String discuss = DISCUSS;
    String approve = APPROVE;
    return Stream.of(
        new TaskRow("unknown decision", "operator2", discuss, vars("discussionOutcome", s("maybe"), "discussionNotes", s("n")), 400, "must be one of [go, no-go], not 'maybe'"),
        new TaskRow("missing decision", "operator2", discuss, vars("discussionNotes", s("n")), 400, "needs variable 'discussionOutcome'"),
        new TaskRow("decision as a number", "operator2", discuss, vars("discussionOutcome", typed(1, "Integer"), "discussionNotes", s("n")), 400, "'discussionOutcome'"),
        new TaskRow("overwriting hostname", "operator2", discuss, vars("discussionOutcome", s("go"), "discussionNotes", s("n"), "hostname", s("alibuild09")), 400, "variable 'hostname' cannot be set"),
        new TaskRow("overwriting initiator", "operator2", discuss, vars("discussionOutcome", s("go"), "discussionNotes", s("n"), "initiator", s("operator2")), 400, "variable 'initiator' cannot be set"),
        new TaskRow("over-long notes", "operator2", discuss, vars("discussionOutcome", s("go"), "discussionNotes", s("n".repeat(4001))), 400, "longer than 4000 characters"),
        new TaskRow("self-approval", "operator1", approve, vars("approvalDecision", s("approve"), "approvalNotes", s("mine")), 400, "operator1"),
        new TaskRow("unknown approval decision", "operator2", approve, vars("approvalDecision", s("yes please"), "approvalNotes", s("n")), 400, "must be one of [approve, reject]"),
        new TaskRow("observer completing", "observer1", approve, vars("approvalDecision", s("approve"), "approvalNotes", s("n")), 403, "observer1"));
  }

  // --- the checks ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("startRows")
  void aBadStartIsRefusedAndLeavesNothingBehind(StartRow row) {
    World before = world(row.host(), row.user());

    ResponseEntity<JsonNode> answer = as(row.user()).post("/process-definition/key/" + row.key() + row.door().path, Map.of("variables", row.variables()));

    deleteIfStarted(answer);
    assertRefused(answer, row.status(), row.says());
    World after = world(row.host(), row.user());
    assertThat(after).as("nothing left behind by %s", row).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taskRows")
  void aBadTaskCompletionIsRefusedAndChangesNothing(TaskRow row) {
    String taskId = advanceTo(row.taskKey());
    Map<String, String> variablesBefore = variables(rebuildInstance);
    World before = world(AGENT, row.user());

    ResponseEntity<JsonNode> answer = as(row.user()).post("/task/" + taskId + "/complete", Map.of("variables", row.variables()));
    assertThat(answer.getStatusCode().is2xxSuccessful()).as("completed: %s", row).isFalse();

    assertRefused(answer, row.status(), row.says());
    assertThat(taskOf(rebuildInstance, row.taskKey())).as("the task is still open").isEqualTo(taskId);
    assertThat(variables(rebuildInstance)).as("no variable written or changed").isEqualTo(variablesBefore);
    assertThat(world(AGENT, row.user())).isEqualTo(before);
  }

  /** A row that wrongly started a runbook must not leave it running into the next rows. */
  private void deleteIfStarted(ResponseEntity<JsonNode> answer) {
    if (answer.getStatusCode().is2xxSuccessful() && answer.getBody() != null && answer.getBody().hasNonNull("id")) {
      deleteInstance(answer.getBody().get("id").asText());
    }
  }

  private void deleteInstance(String id) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBasicAuth("admin", SandboxTest.ADMIN_PASSWORD);
    rest.exchange("/engine-rest/process-instance/" + id + "?skipCustomListeners=true&skipSubprocesses=false",
        HttpMethod.DELETE, new HttpEntity<>(headers), String.class);
  }

  private static void assertRefused(ResponseEntity<JsonNode> answer, int status, String says) {
    assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(status);
    assertThat(answer.getBody()).as("a JSON error body").isNotNull();
    assertThat(answer.getBody().path("type").asText()).as("%s", answer.getBody()).isNotBlank();
    assertThat(answer.getBody().path("message").asText()).as("%s", answer.getBody()).contains(says);
  }

  // --- what a bad input must not leave behind ---

  /**
   * What a row could change: instances the user started, variables naming the host, the host in
   * Nova and Foreman, requests to OpenStack about it that change something.
   */
  record World(long instancesStarted, long hostVariables, Optional<String> server, boolean inForeman, long openStackWrites) {}

  private World world(String host, String user) {
    Optional<SimulatedServer> server = dataCentre.server(host);
    String serverId = server.map(SimulatedServer::id).orElse("-");
    long writes =
        openStack.requests().stream()
            .filter(r -> !r.method().equals("GET") && !r.path().endsWith("/auth/tokens"))
            .filter(r -> mentions(r, host) || mentions(r, serverId))
            .count();
    return new World(
        count("/history/process-instance/count?startedBy=" + user),
        count("/history/variable-instance/count?variableName=hostname&variableValue=" + host),
        server.map(s -> s.id() + "/" + s.status(dataCentre.now())),
        foreman.host(host).isPresent(),
        writes);
  }

  private static boolean mentions(RecordedRequest request, String text) {
    return request.path().contains(text) || String.valueOf(request.body()).contains(text);
  }

  private long count(String path) {
    JsonNode body = admin().get(path).getBody();
    return body == null ? -1 : body.path("count").asLong(-1);
  }

  // --- the runbook the task rows work on ---

  @BeforeAll
  void anAgentWaitingInARebuild() {
    dataCentre.add(AGENT, Role.AGENT, SimulatedDataCentre.ZONES.get(0), "release-testing", "ACTIVE");
    // The first OpenStack call of a cold JVM on a busy machine may outlast the 5 s start-check
    // timeout (a 503, nothing started): try again until the cloud answers in time.
    ResponseEntity<JsonNode> started =
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(
            () -> as("operator1").post("/process-definition/key/rebuild-agent/start",
                Map.of("variables", vars("hostname", s(AGENT), "reason", s("bad input IT")))),
            answer -> !answer.getStatusCode().is5xxServerError());
    assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
    rebuildInstance = started.getBody().get("id").asText();
    // The discussion rows run first; the approval rows once operator2 has agreed and reviewed.
    await().atMost(Duration.ofSeconds(30)).until(() -> taskKeys(rebuildInstance).contains(DISCUSS));
  }

  /** The open task {@code taskKey}, completing the discussion and review first for the approval. */
  private String advanceTo(String taskKey) {
    if (taskKey.equals(APPROVE) && !taskKeys(rebuildInstance).contains(APPROVE)) {
      completeWell(DISCUSS, vars("discussionOutcome", s("go"), "discussionNotes", s("agreed")));
      completeWell("user_task_review_agent_tasks", vars("tasksDecision", s("proceed")));
    }
    return taskOf(rebuildInstance, taskKey);
  }

  private void completeWell(String taskKey, Map<String, Object> variables) {
    ResponseEntity<JsonNode> done =
        as("operator2").post("/task/" + taskOf(rebuildInstance, taskKey) + "/complete", Map.of("variables", variables));
    assertThat(done.getStatusCode().is2xxSuccessful()).as("%s", done.getBody()).isTrue();
  }

  @AfterAll
  void removeTheAgentAndItsRunbook() {
    if (rebuildInstance != null) {
      deleteInstance(rebuildInstance);
    }
    dataCentre.delete(AGENT);
    dataCentre.forget(AGENT);
  }

  // --- REST helpers ---

  private EngineRest as(String user) {
    return new EngineRest(rest, user, passwordOf(user));
  }

  private EngineRest admin() {
    return as("admin");
  }

  private static String passwordOf(String user) {
    return switch (user) {
      case "admin" -> SandboxTest.ADMIN_PASSWORD;
      case "operator1" -> SandboxTest.OPERATOR1_PASSWORD;
      case "operator2" -> SandboxTest.OPERATOR2_PASSWORD;
      case "observer1" -> SandboxTest.OBSERVER1_PASSWORD;
      default -> throw new IllegalArgumentException(user);
    };
  }

  private String taskOf(String instance, String taskKey) {
    await().atMost(Duration.ofSeconds(30)).until(() -> taskKeys(instance).contains(taskKey));
    for (JsonNode task : admin().get("/task?processInstanceId=" + instance).getBody()) {
      if (task.get("taskDefinitionKey").asText().equals(taskKey)) {
        return task.get("id").asText();
      }
    }
    throw new AssertionError("no task " + taskKey + " in " + instance);
  }

  private List<String> taskKeys(String instance) {
    return admin().get("/task?processInstanceId=" + instance).getBody().findValuesAsText("taskDefinitionKey");
  }

  /** Name → value of the instance's variables, as a plain map to compare before and after. */
  private Map<String, String> variables(String instance) {
    Map<String, String> values = new LinkedHashMap<>();
    admin().get("/process-instance/" + instance + "/variables").getBody()
        .fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().path("value").toString()));
    return values;
  }

  // --- typed variables as the REST API takes them ---

  static Map<String, Object> s(String value) {
    return typed(value, "String");
  }

  static Map<String, Object> typed(Object value, String type) {
    Map<String, Object> typed = new LinkedHashMap<>();
    typed.put("value", value);
    typed.put("type", type);
    return typed;
  }

  static Map<String, Object> vars(Object... nameValue) {
    Map<String, Object> variables = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      variables.put((String) nameValue[i], nameValue[i + 1]);
    }
    return variables;
  }
}
