package org.alisw.runbooks.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alisw.runbooks.e2e.SandboxTest;
import org.alisw.runbooks.e2e.browser.Browser.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: a sandbox operator signs in to Cockpit and Tasklist; a wrong password does not. */
@SandboxTest
class LoginBrowserIT {

  @RegisterExtension Browser browser = new Browser();

  @Test
  void operatorSignsInToCockpitAndTasklist() {
    browser.login(App.COCKPIT, "operator1", SandboxTest.OPERATOR1_PASSWORD);
    browser.waitForText("Process Definitions");
    assertThat(browser.currentUrl()).contains("/camunda/app/cockpit/default/");

    browser.login(App.TASKLIST, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    browser.waitForText("Create task");
    assertThat(browser.currentUrl()).contains("/camunda/app/tasklist/default/");
  }

  @Test
  void wrongPasswordIsRefusedInThePage() {
    assertThatThrownBy(() -> browser.login(App.COCKPIT, "operator1", "not-the-password"))
        .hasMessageContaining("refused");
  }
}
