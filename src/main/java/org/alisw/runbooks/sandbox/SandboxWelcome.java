package org.alisw.runbooks.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.security.SecurityProperties;
import org.alisw.runbooks.security.SecurityProperties.UserAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Tells a new user where to go once the sandbox is up: the Tasklist URL and the accounts. Generated
 * passwords are shown here, once per start (they are reset at every start, so the shown ones always
 * work); passwords given through the environment are not repeated.
 */
@Component
@Profile(SandboxEnvironmentPostProcessor.PROFILE)
class SandboxWelcome implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger LOG = LoggerFactory.getLogger("sandbox.welcome");

  private final SecurityProperties security;

  SandboxWelcome(SecurityProperties security) {
    this.security = security;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    ConfigurableEnvironment env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    PropertySource<?> sandbox = env.getPropertySources().get(SandboxAccounts.SOURCE_NAME);
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("=== infra-runbooks sandbox (simulated OpenStack, SSH hosts, Foreman, Mesos) ===");
    lines.add("Tasklist: http://localhost:" + port + "/camunda/app/tasklist/");
    lines.add("Cockpit:  http://localhost:" + port + "/camunda/app/cockpit/");
    lines.add("REST:     http://localhost:" + port + "/engine-rest (HTTP basic auth)");
    for (int i = 0; i < security.users().size(); i++) {
      lines.add(describe(security.users().get(i), i, sandbox));
    }
    lines.add("");
    LOG.info(String.join(System.lineSeparator(), lines));
  }

  private static String describe(UserAccount user, int index, PropertySource<?> sandbox) {
    String prefix = "runbooks.security.users[" + index + "].";
    boolean sandboxAccount =
        sandbox != null
            && user.id().equals(sandbox.getProperty(prefix + "id"))
            && user.password().equals(sandbox.getProperty(prefix + "password"));
    boolean generated = sandboxAccount && Boolean.TRUE.equals(sandbox.getProperty(prefix + "generated-password"));
    String password =
        generated ? user.password() + "  (generated for this start)" : "(as configured)";
    return String.format("  user %-10s password %s  groups %s", user.id(), password, user.groups());
  }
}
