package org.alisw.runbooks.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.alisw.runbooks.e2e.SandboxTest;
import org.alisw.runbooks.e2e.browser.Browser.App;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The Cockpit plugin "Start runbook" in a real browser: an operator starts reboot-server from the
 * process definition page and follows the link to the running instance; a start the runbook's
 * request check refuses (rebuilding the protected alibuild03) shows the engine's message in the
 * page and starts nothing; the read-only observer gets no button.
 *
 * <p>Host of its own: {@code alibuild451} (added, verified once so its host key is known, deleted
 * at the end).
 */
@SandboxTest
class StartRunbookBrowserIT {

  static final String HOST = "alibuild451";

  @RegisterExtension Browser browser = new Browser();

  @Autowired TestRestTemplate rest;
  @Autowired RepositoryService repository;
  @Autowired HistoryService history;
  @Autowired SimulatedDataCentre dataCentre;

  private String latestDefinitionId(String key) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult().getId();
  }

  private String state(String instanceId) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult();
    return instance == null ? null : instance.getState();
  }

  /** A new agent whose host key and puppet run the sandbox knows: verify-host (hostKeyChange=new) ran on it once. */
  private void addVerifiedHost() {
    SimulatedServer server = dataCentre.add(HOST, SimulatedServer.Role.AGENT, "cern-geneva-b", "release-testing", "ACTIVE");
    dataCentre.certificateStagings().stage(HOST, "start-runbook-browser-it", dataCentre.now());
    server.rebuild(Duration.ofSeconds(1), dataCentre.now());
    Map<String, Object> body =
        Map.of("variables", Map.of(
            "hostname", Map.of("value", HOST, "type", "String"),
            "project", Map.of("value", "release-testing", "type", "String"),
            "hostKeyChange", Map.of("value", "new", "type", "String")));
    ResponseEntity<JsonNode> started =
        rest.withBasicAuth("operator2", SandboxTest.OPERATOR2_PASSWORD)
            .postForEntity("/engine-rest/process-definition/key/verify-host/start", body, JsonNode.class);
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String verifyId = started.getBody().get("id").asText();
    await().atMost(Duration.ofSeconds(120)).until(() -> "COMPLETED".equals(state(verifyId)));
  }

  @Test
  void operatorStartsRebootServerFromCockpitAndFollowsItToTheEnd() {
    addVerifiedHost();
    try {
      browser.login(App.COCKPIT, "operator1", SandboxTest.OPERATOR1_PASSWORD);
      browser.open(App.COCKPIT, "#/process-definition/" + latestDefinitionId("reboot-server") + "/runtime");
      browser.click(By.id("runbook-start-button"));
      browser.waitForText("Start runbook: ");
      browser.waitForText("Hard reboot a Mesos server");
      browser.waitForVisible(By.id("runbook-start-hostname")).sendKeys(HOST);
      browser.waitForVisible(By.id("runbook-start-reason")).sendKeys("agent hangs (StartRunbookBrowserIT)");
      browser.click(By.id("runbook-start-submit"));

      browser.waitForText("Runbook started.");
      WebElement link = browser.waitForVisible(By.id("runbook-start-instance-link"));
      String href = link.getAttribute("href");
      assertThat(href).contains("#/process-instance/");
      String instanceId = href.replaceAll(".*#/process-instance/([^/]+)/runtime.*", "$1");
      link.click();

      // Cockpit's own instance page for the new runbook.
      browser.until(Duration.ofSeconds(30), d -> d.getCurrentUrl().contains("#/process-instance/" + instanceId));
      browser.waitForText(instanceId);
      browser.waitForText("reboot-server");

      await().atMost(Duration.ofSeconds(90)).until(() -> "COMPLETED".equals(state(instanceId)));
      assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
          .activityId("end_event_server_rebooted").count()).isEqualTo(1);
      // Started as the logged-in operator, through the same start path as Tasklist.
      assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instanceId)
          .variableName("initiator").singleResult().getValue()).isEqualTo("operator1");
      assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instanceId)
          .variableName("hostname").singleResult().getValue()).isEqualTo(HOST);
    } finally {
      dataCentre.delete(HOST);
      dataCentre.forget(HOST);
    }
  }

  @Test
  void aRefusedStartShowsTheEnginesMessageInThePageAndStartsNothing() {
    String definitionId = latestDefinitionId("rebuild-agent");
    long before = history.createHistoricProcessInstanceQuery().processDefinitionKey("rebuild-agent").count();

    browser.login(App.COCKPIT, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    browser.open(App.COCKPIT, "#/process-definition/" + definitionId + "/runtime");
    browser.click(By.id("runbook-start-button"));
    // The browser's own checks first: nothing is sent while a required field is empty.
    browser.click(By.id("runbook-start-submit"));
    browser.waitForText("Please correct the marked fields.");

    browser.waitForVisible(By.id("runbook-start-hostname")).sendKeys("alibuild03");
    browser.waitForVisible(By.id("runbook-start-reason")).sendKeys("slow (StartRunbookBrowserIT)");
    browser.click(By.id("runbook-start-submit"));

    WebElement refusal = browser.waitForVisible(By.cssSelector(".runbook-start-refused"));
    assertThat(refusal.getText()).contains("Not started").contains("Never rebuild alibuild03");
    assertThat(browser.driver().findElements(By.id("runbook-start-instance-link"))).isEmpty();
    assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("rebuild-agent").count()).isEqualTo(before);
  }

  @Test
  void theReadOnlyObserverGetsNoStartButton() {
    browser.login(App.COCKPIT, "observer1", SandboxTest.OBSERVER1_PASSWORD);
    browser.open(App.COCKPIT, "#/process-definition/" + latestDefinitionId("reboot-server") + "/runtime");
    // The page itself is there (the observer may read it) ...
    browser.waitForText("Process Instances");
    // ... but the plugin, once it has asked the engine, adds no button.
    // (An empty holder has no size, so it is looked for as present, not visible.)
    WebElement holder = browser.until(Duration.ofSeconds(30),
        d -> d.findElements(By.cssSelector("#runbook-start[data-state]")).stream().findFirst().orElse(null));
    assertThat(holder.getAttribute("data-state")).isEqualTo("not-startable");
    assertThat(browser.driver().findElements(By.id("runbook-start-button"))).isEmpty();
  }
}
