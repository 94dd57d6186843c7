package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No password, application credential secret or token reaches a log line, whatever the auth
 * method, in success and in failure (the test's logging runs at DEBUG, openstack4j included).
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsStayOutOfLogsTest {

  private static final String PROJECT = "release-testing";

  private final SimulatedCloud cloud = new SimulatedCloud();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level level = root.getLevel();

  @BeforeEach
  void logEverything() {
    root.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stop() {
    root.setLevel(level);
    cloud.close();
  }

  @Test
  void noSecretIsLogged(CapturedOutput output) {
    String url = cloud.simulator.authUrl().toString();
    // Password: one that works, one that does not.
    cloud.port().hardReboot(PROJECT, cloud.serverId("alibuild02"), "test/reboot/1");
    assertThatThrownBy(() -> cloud.port(SimulatedCloud.credentials(url, SimulatedCloud.USER, "Wrong-Pa55word", null, null, null, null), Map.of())
            .findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class);
    // OS_TOKEN.
    SimulatedKeystone.IssuedToken issued = cloud.simulator.keystone().issueToken(cloud.user, cloud.releaseTesting);
    cloud.port(SimulatedCloud.credentials(url, null, null, null, issued.id(), null, null), Map.of()).findServer(PROJECT, "alibuild01");
    // Application credential.
    SimulatedKeystone.ApplicationCredential credential =
        cloud.simulator.keystone().addApplicationCredential(cloud.user, cloud.releaseTesting, "App-Secret-42");
    cloud.port(SimulatedCloud.credentials(url, null, null, null, null, credential.id(), "App-Secret-42"), Map.of())
        .findServer(PROJECT, "alibuild01");

    // openstack4j really logged at DEBUG (its logger name is abbreviated once Spring Boot's
    // logging pattern is installed by an earlier test in the same JVM).
    assertThat(output.getAll()).containsPattern("DEBUG.*HttpExecutor.*auth/tokens");
    assertThat(output.getAll()).doesNotContain(SimulatedCloud.PASSWORD, "Wrong-Pa55word", "App-Secret-42", issued.id());
    for (SimulatedKeystone.IssuedToken token : cloud.simulator.keystone().issuedTokens()) {
      assertThat(output.getAll()).doesNotContain(token.id());
    }
  }
}
