package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Issue 15, "the history JSON over REST for a host": a rebuild of an agent of this class's own
 * (alibuild761) run to its end, then read back as an auditor would, over {@code /engine-rest/runbook-history}
 * with HTTP basic and over the Cockpit plugin's resource with a webapp login.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunbookHistoryIT {

  static final String HOST = "alibuild761";

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired IdentityService identity;

  private FinishedRebuild rebuild;
  private String instance;

  @BeforeAll
  void aFinishedRebuild() {
    rebuild = new FinishedRebuild(rest, dataCentre);
    rebuild.addAgent(HOST);
    instance = rebuild.run(HOST, "history IT: new image", "asked on the ops channel, nobody objects",
        "plan checked: same flavor, volumes kept");
  }

  @AfterAll
  void removeTheAgent() {
    rebuild.removeAgent(HOST);
  }

  @Test
  void theRecordOfAFinishedRebuildSaysWhoDidWhatAndWhatPuppetSaid() {
    ResponseEntity<String> raw = basic("operator1", SandboxTest.OPERATOR1_PASSWORD).get("/runbook-history/" + instance, String.class);
    assertThat(raw.getStatusCode()).as(raw.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(raw.getBody()).as("no credential of any account ends up in the record")
        .doesNotContain(SandboxTest.OPERATOR1_PASSWORD, SandboxTest.OPERATOR2_PASSWORD, SandboxTest.ADMIN_PASSWORD, "PRIVATE KEY");
    JsonNode record = rebuild.operator1().get("/runbook-history/" + instance).getBody();

    JsonNode runbook = record.get("runbook");
    assertThat(runbook.get("key").asText()).isEqualTo("rebuild-agent");
    assertThat(runbook.get("hostname").asText()).isEqualTo(HOST);
    assertThat(runbook.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(runbook.get("startedBy").asText()).isEqualTo("operator1");
    assertThat(runbook.get("reason").asText()).isEqualTo("history IT: new image");
    assertThat(runbook.get("outcome").get("activityId").asText()).isEqualTo("end_event_agent_rebuilt");

    // The people, with what they decided and wrote.
    JsonNode approver = person(record, "approver");
    assertThat(approver.get("userId").asText()).isEqualTo("operator2");
    assertThat(approver.get("inputs").get("approvalDecision").asText()).isEqualTo("approve");
    assertThat(approver.get("inputs").get("approvalNotes").asText()).isEqualTo("plan checked: same flavor, volumes kept");
    JsonNode discussant = person(record, "discussant");
    assertThat(discussant.get("userId").asText()).isEqualTo("operator2");
    assertThat(discussant.get("inputs").get("discussionNotes").asText()).isEqualTo("asked on the ops channel, nobody objects");
    assertThat(person(record, "started").get("userId").asText()).isEqualTo("operator1");
    assertThat(approver.get("inputs").size()).as("only the task's whitelisted inputs").isEqualTo(2);

    // verify-host's puppet runs, the failing ones included, with their output.
    JsonNode puppet = record.get("puppetAttempts");
    assertThat(puppet.size()).as("the sandbox fails the first run after an install: %s", puppet).isGreaterThanOrEqualTo(2);
    assertThat(puppet.get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(puppet.get(0).get("runbookKey").asText()).isEqualTo("verify-host");
    assertThat(puppet.get(0).get("output").asText()).startsWith("attempt 1: exit code");
    assertThat(puppet.get(0).get("output").asText()).contains("exit code 6", "Error:");
    assertThat(puppet.get(puppet.size() - 1).get("output").asText()).containsPattern("exit code [02] \\(CLEAN\\)");

    // The path taken and a timeline with durations; the called runbooks with their own records.
    assertThat(textsOf(record.get("path"))).containsSubsequence(
        "user_task_discuss_with_colleagues", "user_task_approve_rebuild", "call_activity_rebuild_vm", "call_activity_verify_host",
        "end_event_agent_rebuilt");
    assertThat(textsOf(record.get("path"))).doesNotContain("end_event_rebuild_rejected", "user_task_investigate_request");
    JsonNode approveStep = step(record, "user_task_approve_rebuild");
    assertThat(approveStep.get("outcome").asText()).isEqualTo("completed");
    assertThat(approveStep.get("durationMillis").asLong()).isNotNegative();
    assertThat(step(record, "call_activity_rebuild_vm").get("calledRunbookId").asText()).isNotBlank();
    assertThat(record.get("calledRunbooks").findValuesAsText("key")).contains("rebuild-vm", "verify-host");
    assertThat(record.get("incidents").isArray()).isTrue();
  }

  @Test
  void theListAnswersWhatWasDoneToAHostWithFilters() {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    JsonNode page = list("operator1", "?host=" + HOST + "&key=rebuild-agent&startedBy=operator1&state=completed"
        + "&outcome=end_event_agent_rebuilt&from=" + today + "&to=" + today);
    assertThat(page.get("total").asLong()).isEqualTo(1);
    JsonNode row = page.get("runbooks").get(0);
    assertThat(row.get("id").asText()).isEqualTo(instance);
    assertThat(row.get("hostname").asText()).isEqualTo(HOST);
    assertThat(row.get("outcome").get("name").asText()).isNotBlank();
    assertThat(row.get("durationMillis").asLong()).isPositive();

    assertThat(list("operator1", "?host=" + HOST).get("runbooks").findValuesAsText("key"))
        .as("called runbooks are listed inside their caller unless asked for").containsOnly("rebuild-agent");
    assertThat(list("operator1", "?host=" + HOST + "&includeCalled=true").get("runbooks").findValuesAsText("key"))
        .contains("rebuild-agent", "rebuild-vm", "verify-host");
    assertThat(list("operator1", "?host=" + HOST + "&startedBy=operator2").get("total").asLong()).isZero();
    assertThat(list("operator1", "?host=" + HOST + "&from=" + tomorrow).get("total").asLong()).isZero();
    assertThat(list("operator1", "?host=" + HOST + "&state=running").get("total").asLong()).isZero();
    assertThat(list("operator1", "?host=" + HOST + "&outcome=end_event_rebuild_rejected").get("total").asLong()).isZero();
    // The read-only group reads the same history.
    assertThat(list("observer1", "?host=" + HOST).get("total").asLong()).isEqualTo(1);
  }

  @Test
  void aUserWithoutHistoryGrantsSeesNoRunbookAtAll() {
    String nobody = "historyit-nobody";
    String password = "historyit-nobody-secret";
    User user = identity.newUser(nobody);
    user.setPassword(password);
    identity.saveUser(user);
    try {
      EngineRest stranger = new EngineRest(rest, nobody, password);
      ResponseEntity<JsonNode> page = stranger.get("/runbook-history?host=" + HOST);
      assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(page.getBody().get("total").asLong()).as("no READ_HISTORY, no runbook").isZero();
      ResponseEntity<JsonNode> record = stranger.get("/runbook-history/" + instance);
      assertThat(record.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(record.getBody().get("message").asText()).isEqualTo("No runbook " + instance + " in the history you may read.");
    } finally {
      identity.deleteUser(nobody);
    }
  }

  @Test
  void badFiltersAreRefusedWithAClearMessage() {
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put("?host=alibuild 05", "host must be a server name such as alibuild05: got 'alibuild 05'");
    refusals.put("?from=last month", "from must be a date (2026-11-01) or a date-time with an offset (2026-11-01T08:00:00Z): got 'last month'");
    refusals.put("?hostname=" + HOST, "Unknown filter hostname");
    refusals.put("?maxResults=0", "maxResults must be a whole number from 1 to 500");
    refusals.put("?state=done", "state must be one of canceled, completed, finished, running");
    refusals.put("?from=2026-12-01&to=2026-11-01", "must be before to");
    refusals.put("?host=a&host=b", "host was given 2 times");
    refusals.put("?includeCalled=yes", "includeCalled must be true or false");
    List<String> failures = new ArrayList<>();
    refusals.forEach((query, says) -> {
      ResponseEntity<JsonNode> answer = rebuild.operator1().get("/runbook-history" + query);
      if (answer.getStatusCode() != HttpStatus.BAD_REQUEST || !answer.getBody().get("message").asText().contains(says)) {
        failures.add(query + " -> " + answer.getStatusCode() + " " + answer.getBody());
      }
    });
    assertThat(failures).isEmpty();

    ResponseEntity<JsonNode> unknown = rebuild.operator1().get("/runbook-history/no-such-runbook");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("message").asText()).contains("No runbook no-such-runbook");
    ResponseEntity<JsonNode> anonymous = new EngineRest(rest, null, null).get("/runbook-history?host=" + HOST);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theCockpitPluginServesItsScriptAndTheSameRecordToALoggedInOperator() {
    ResponseEntity<String> script = rest.getForEntity("/camunda/api/cockpit/plugin/runbook-history/static/app/plugin.js", String.class);
    assertThat(script.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(script.getBody()).contains("cockpit.route", "cockpit.navigation", "Runbook history");
    ResponseEntity<String> index = rest.getForEntity("/camunda/app/cockpit/default/", String.class);
    assertThat(index.getBody()).as("Cockpit loads the plugin").contains("cockpit-plugin-runbook-history");

    String api = "/camunda/api/cockpit/plugin/runbook-history/default/runbooks";
    WebappSession anonymous = new WebappSession(rest);
    assertThat(anonymous.get(api + "?host=" + HOST).getStatusCode().is4xxClientError()).as("no login, no history").isTrue();

    WebappSession operator = new WebappSession(rest).login("operator1", SandboxTest.OPERATOR1_PASSWORD);
    ResponseEntity<JsonNode> page = operator.get(api + "?host=" + HOST);
    assertThat(page.getStatusCode()).as("%s", page.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody().get("runbooks").findValuesAsText("id")).containsExactly(instance);
    ResponseEntity<JsonNode> record = operator.get(api + "/" + instance);
    assertThat(person(record.getBody(), "approver").get("userId").asText()).isEqualTo("operator2");
    ResponseEntity<JsonNode> bad = operator.get(api + "?to=yesterday");
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("message").asText()).contains("to must be a date");
  }

  // --- helpers ---

  private JsonNode list(String user, String query) {
    String password = switch (user) {
      case "operator1" -> SandboxTest.OPERATOR1_PASSWORD;
      case "observer1" -> SandboxTest.OBSERVER1_PASSWORD;
      default -> throw new IllegalArgumentException(user);
    };
    ResponseEntity<JsonNode> answer = new EngineRest(rest, user, password).get("/runbook-history" + query);
    assertThat(answer.getStatusCode()).as("%s %s", query, answer.getBody()).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  private static JsonNode person(JsonNode record, String role) {
    for (JsonNode person : record.get("people")) {
      if (person.get("role").asText().equals(role)) {
        return person;
      }
    }
    throw new AssertionError("no " + role + " in " + record.get("people"));
  }

  private static JsonNode step(JsonNode record, String activityId) {
    for (JsonNode step : record.get("steps")) {
      if (step.get("activityId").asText().equals(activityId)) {
        return step;
      }
    }
    throw new AssertionError("no step " + activityId);
  }

  private static List<String> textsOf(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private BasicClient basic(String user, String password) {
    return new BasicClient(rest, user, password);
  }

  /** A raw GET under /engine-rest, to look at the body as text. */
  record BasicClient(TestRestTemplate rest, String user, String password) {
    <T> ResponseEntity<T> get(String path, Class<T> type) {
      HttpHeaders headers = new HttpHeaders();
      headers.setBasicAuth(user, password);
      return rest.exchange("/engine-rest" + path, HttpMethod.GET, new HttpEntity<>(headers), type);
    }
  }

  /** A webapp session as a browser holds it: cookies, the CSRF token, the form login of Cockpit. */
  static final class WebappSession {
    private final TestRestTemplate rest;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    WebappSession(TestRestTemplate rest) {
      this.rest = rest;
    }

    WebappSession login(String user, String password) {
      remember(rest.exchange("/camunda/app/cockpit/default/", HttpMethod.GET, new HttpEntity<>(headers()), String.class));
      HttpHeaders headers = headers();
      headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
      MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
      form.add("username", user);
      form.add("password", password);
      ResponseEntity<String> login = rest.exchange("/camunda/api/admin/auth/user/default/login/cockpit", HttpMethod.POST,
          new HttpEntity<>(form, headers), String.class);
      assertThat(login.getStatusCode()).as("login: %s", login.getBody()).isEqualTo(HttpStatus.OK);
      remember(login);
      return this;
    }

    ResponseEntity<JsonNode> get(String path) {
      HttpHeaders headers = headers();
      headers.setAccept(List.of(MediaType.APPLICATION_JSON));
      ResponseEntity<JsonNode> answer = rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
      remember(answer);
      return answer;
    }

    private HttpHeaders headers() {
      HttpHeaders headers = new HttpHeaders();
      if (!cookies.isEmpty()) {
        headers.add(HttpHeaders.COOKIE, String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
      }
      if (cookies.containsKey("XSRF-TOKEN")) {
        headers.add("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
      }
      return headers;
    }

    private void remember(ResponseEntity<?> answer) {
      List<String> set = answer.getHeaders().get(HttpHeaders.SET_COOKIE);
      if (set != null) {
        for (String cookie : set) {
          String pair = cookie.split(";", 2)[0];
          int eq = pair.indexOf('=');
          cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
    }
  }
}
