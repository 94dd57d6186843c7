package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.alisw.runbooks.e2e.browser.Browser;
import org.alisw.runbooks.e2e.browser.Browser.App;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Issue 15, in a real browser: an operator finds a finished rebuild in Cockpit's "Runbook history"
 * and sees its steps, its approver and their notes, the puppet attempts and the path taken on the
 * diagram; the same host's history as JSON over REST.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunbookHistoryBrowserIT {

  static final String HOST = "alibuild762";
  static final String APPROVAL_NOTES = "checked the frozen plan with the build team";
  static final String DISCUSSION_NOTES = "discussed at the Monday meeting";

  @RegisterExtension Browser browser = new Browser();

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;

  private FinishedRebuild rebuild;
  private String instance;

  @BeforeAll
  void aFinishedRebuild() {
    Browser.requireInstalled(); // no rebuild for nothing where the browser is missing
    rebuild = new FinishedRebuild(rest, dataCentre);
    rebuild.addAgent(HOST);
    instance = rebuild.run(HOST, "browser IT: kernel update", DISCUSSION_NOTES, APPROVAL_NOTES);
  }

  @AfterAll
  void removeTheAgent() {
    if (rebuild != null) {
      rebuild.removeAgent(HOST);
    }
  }

  @Test
  void anOperatorFindsAFinishedRebuildAndSeesWhoApprovedItAndWhatPuppetSaid() {
    browser.login(App.COCKPIT, "operator1", SandboxTest.OPERATOR1_PASSWORD);
    browser.click(By.cssSelector("[data-role='runbook-history-link']"));
    WebElement host = browser.waitForVisible(By.cssSelector("[data-role='filters'] input[name='host']"));
    host.sendKeys(HOST);
    browser.click(By.cssSelector("[data-role='apply']"));
    browser.waitForVisible(By.cssSelector("tr[data-runbook-id='" + instance + "']"));
    assertThat(browser.driver().findElements(By.cssSelector("[data-role='list'] tbody tr"))).as("only this host's rebuild").hasSize(1);
    WebElement row = browser.driver().findElement(By.cssSelector("tr[data-runbook-id='" + instance + "']"));
    assertThat(row.getText()).contains(HOST, "operator1", "completed");

    row.findElement(By.tagName("a")).click();
    browser.waitForVisible(By.cssSelector("[data-role='header'][data-runbook-id='" + instance + "']"));
    assertThat(text("[data-role='started-by']")).isEqualTo("operator1");
    assertThat(text("[data-role='outcome']")).contains("end_event_agent_rebuilt");

    // Who discussed and approved it, with their notes.
    WebElement approver = browser.waitForVisible(By.cssSelector("tr[data-person-role='approver']"));
    assertThat(approver.getText()).contains("operator2", "approve", APPROVAL_NOTES);
    assertThat(text("tr[data-person-role='discussant']")).contains("operator2", "go", DISCUSSION_NOTES);

    // The puppet attempts, the failed one after the install first, with their output.
    List<WebElement> attempts = browser.driver().findElements(By.cssSelector("[data-role='puppet-attempt']"));
    assertThat(attempts.size()).as("puppet ran again after the sandbox's failed run").isGreaterThanOrEqualTo(2);
    assertThat(seen(attempts.get(0))).contains("Attempt 1", "attempt 1: exit code 6 (FAILED)", "Error:");
    assertThat(seen(attempts.get(attempts.size() - 1))).contains("(CLEAN)");

    // The timeline of steps, and the path taken drawn on the diagram by Cockpit's viewer.
    assertThat(seen(browser.driver().findElement(By.cssSelector("[data-role='timeline']")))).contains("Approve the rebuild (second operator)", "user_task_approve_rebuild", "completed");
    seen(browser.waitForVisible(By.cssSelector("[data-role='diagram'][data-diagram-ready='true']")));
    browser.saveEvidence("RunbookHistoryBrowserIT-path-taken"); // target/browser/: what the operator saw
    assertThat(taken("user_task_approve_rebuild")).as("the approval is on the path").isTrue();
    assertThat(taken("call_activity_verify_host")).isTrue();
    assertThat(taken("end_event_agent_rebuilt")).isTrue();
    assertThat(taken("end_event_rebuild_rejected")).as("a path not taken is not marked").isFalse();
    assertThat(browser.driver().findElements(By.cssSelector("[data-element-id='end_event_rebuild_rejected']")))
        .as("drawn, only not marked").isNotEmpty();
  }

  @Test
  void aBadFilterIsRefusedInThePageWithTheReason() {
    browser.login(App.COCKPIT, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    browser.open(App.COCKPIT, "#/runbook-history");
    browser.waitForVisible(By.cssSelector("[data-role='filters'] input[name='from']")).sendKeys("last month");
    browser.click(By.cssSelector("[data-role='apply']"));
    assertThat(browser.waitForVisible(By.cssSelector("[data-role='refusal']")).getText())
        .contains("from must be a date (2026-11-01) or a date-time with an offset", "'last month'");
  }

  @Test
  void theSameHostsHistoryAsJsonOverRest() {
    ResponseEntity<JsonNode> page = rebuild.operator2().get("/runbook-history?host=" + HOST + "&key=rebuild-agent");
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody().get("runbooks").findValuesAsText("id")).containsExactly(instance);
    JsonNode record = rebuild.operator2().get("/runbook-history/" + instance).getBody();
    assertThat(record.get("people").findValuesAsText("approvalNotes")).containsExactly(APPROVAL_NOTES);
    assertThat(record.get("puppetAttempts").size()).isGreaterThanOrEqualTo(2);
  }

  /** The text of an element once scrolled to, as an operator reads further down the page. */
  private String seen(WebElement element) {
    browser.script("arguments[0].scrollIntoView({block: 'start'});", element);
    return element.getText();
  }

  private String text(String css) {
    return browser.waitForVisible(By.cssSelector(css)).getText();
  }

  /** Whether the diagram marks this element as on the path taken. */
  private boolean taken(String elementId) {
    return !browser.driver().findElements(By.cssSelector("g.runbook-history-taken[data-element-id='" + elementId + "']")).isEmpty();
  }
}
