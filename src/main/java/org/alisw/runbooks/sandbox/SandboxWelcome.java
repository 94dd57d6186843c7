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
import org.springframework.core.env.Environment;
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
    lines.add("=== infra-runbooks sandbox (simulated OpenStack, SSH hosts, Foreman, Certmgr, Roger, Mesos) ===");
    lines.add("Tasklist: http://localhost:" + port + "/camunda/app/tasklist/");
    lines.add("Cockpit:  http://localhost:" + port + "/camunda/app/cockpit/");
    lines.add("REST:     http://localhost:" + port + "/engine-rest (HTTP basic auth)");
    lines.addAll(simulators(env));
    for (int i = 0; i < security.users().size(); i++) {
      lines.add(describe(security.users().get(i), i, sandbox));
    }
    lines.add("");
    LOG.info(String.join(System.lineSeparator(), lines));
  }

  /** Where each simulator listens, as the production adapters are pointed at it, and where the world is kept. */
  static List<String> simulators(Environment env) {
    List<String> lines = new ArrayList<>();
    lines.add("Simulators:");
    lines.add("  OpenStack (Keystone) " + env.getProperty("runbooks.openstack.auth.auth-url", "?"));
    lines.add("  Foreman              " + env.getProperty("runbooks.foreman.url", "?"));
    lines.add("  Certmgr              " + env.getProperty("runbooks.certmgr.url", "?"));
    lines.add("  Roger                " + env.getProperty("runbooks.roger.url", "?"));
    for (int i = 0; env.containsProperty("runbooks.mesos.masters[" + i + "].name"); i++) {
      String prefix = "runbooks.mesos.masters[" + i + "].";
      lines.add(String.format("  Mesos %-14s %s, Marathon %s, ZooKeeper %s",
          env.getProperty(prefix + "name"), env.getProperty(prefix + "mesos-url", "?"),
          env.getProperty(prefix + "marathon-url", "?"), env.getProperty(prefix + "zookeeper", "?")));
    }
    lines.add("  SSH hosts            addresses in " + env.getProperty("runbooks.hosts.address-file", "?"));
    if (env.containsProperty("runbooks.sandbox.kerberos.directory")) {
      // Profile sandbox-kerberos: docs/operations.md "Kerberos in the sandbox".
      lines.add("  Kerberos             realm " + env.getProperty("runbooks.sandbox.kerberos.realm", "?")
          + ", krb5.conf and keytabs in " + env.getProperty("runbooks.sandbox.kerberos.directory")
          + " (Foreman, Certmgr, Roger accept SPNEGO only)");
    }
    lines.add("World:    " + env.getProperty(SandboxWorld.DIRECTORY_PROPERTY, SandboxWorld.DEFAULT_DIRECTORY)
        + " (stop the sandbox and delete this folder to start from the seeded data centre again)");
    return lines;
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
