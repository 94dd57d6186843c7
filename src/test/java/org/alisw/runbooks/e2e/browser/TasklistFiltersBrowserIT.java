package org.alisw.runbooks.e2e.browser;

import java.time.Duration;
import org.alisw.runbooks.e2e.SandboxTest;
import org.alisw.runbooks.e2e.browser.Browser.App;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * Tasklist's "Approvals waiting for me" in a real browser: operator1 asks for a rebuild (of
 * {@code alibuild453}, a host of this test only), operator2 agrees to it; the approval then shows
 * in operator2's filter and not in operator1's.
 */
@SandboxTest
class TasklistFiltersBrowserIT {

  static final String HOST = "alibuild453";
  static final String APPROVAL_TASK = "Approve the rebuild (second operator)";

  @RegisterExtension Browser browser = new Browser();

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired RuntimeService runtime;

  @Test
  void theApprovalFilterShowsAnotherOperatorsRebuildAndHidesOnesOwn() {
    Operator operator1 = new Operator(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
    Operator operator2 = new Operator(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    dataCentre.add(HOST, SimulatedServer.Role.AGENT, "cern-geneva-a", "release-testing", "ACTIVE");
    String instance = null;
    try {
      instance = operator1.rebuildUpToApproval(HOST, operator2);
      String filterId = operator2.filterId(TasklistFiltersIT.APPROVALS);

      browser.login(App.TASKLIST, "operator2", SandboxTest.OPERATOR2_PASSWORD);
      browser.open(App.TASKLIST, "#/?filter=" + filterId);
      browser.waitForText(TasklistFiltersIT.APPROVALS);
      browser.waitForText(APPROVAL_TASK);
      browser.waitForText(HOST);

      browser.login(App.TASKLIST, "operator1", SandboxTest.OPERATOR1_PASSWORD);
      browser.open(App.TASKLIST, "#/?filter=" + filterId);
      browser.waitForText(TasklistFiltersIT.APPROVALS);
      // Once the list is there (empty, or other tests' approvals), this rebuild is not in it.
      browser.until(Duration.ofSeconds(30), d -> {
        String text = browser.bodyText();
        return text.contains("No task matching filters found.") || text.contains("(second operator)");
      });
      browser.waitForNoText(HOST, Duration.ofSeconds(5));
      // The same task is in operator1's list of every runbook task, so it is the filter that hides it.
      browser.open(App.TASKLIST, "#/?filter=" + operator1.filterId("Runbook tasks"));
      browser.waitForText(HOST);
    } finally {
      if (instance != null && runtime.createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
        runtime.deleteProcessInstance(instance, "TasklistFiltersBrowserIT: done");
      }
      dataCentre.delete(HOST);
      dataCentre.forget(HOST);
    }
  }
}
