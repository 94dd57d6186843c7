package org.alisw.runbooks.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application in the sandbox profile on a random port, with an in-memory database and
 * known account passwords. Every end-to-end test uses exactly this, so they share one context.
 *
 * <p>The tag puts every such class in one failsafe JVM (pom.xml, execution shared-context), where
 * Spring's context cache starts the sandbox and the engine once. So a class must not assume an
 * empty world or history, uses host names no other class uses, and restores any fault, clock or
 * setting it changes. A test that needs its own configuration or JVM is a *SlowIT instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("shared-context")
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:sandbox-e2e;DB_CLOSE_DELAY=-1",
      "sandbox.accounts.admin-password=" + SandboxTest.ADMIN_PASSWORD,
      "sandbox.accounts.operator1-password=" + SandboxTest.OPERATOR1_PASSWORD,
      "sandbox.accounts.operator2-password=" + SandboxTest.OPERATOR2_PASSWORD,
      "runbooks.sandbox.timings.hard-reboot=PT1S",
      "runbooks.timings.status-poll-interval=PT2S",
      "camunda.bpm.job-execution.max-wait=1000",
      // MasterRunbooksIT: a hand-over wait short enough to pause a runbook past its deadline.
      "runbooks.rebuild-master.hand-over-poll-interval=PT2S",
      "runbooks.rebuild-master.hand-over-timeout=PT4S",
      // The starter's own admin account, as scripted deployments set it, beside ours.
      "camunda.bpm.admin-user.id=deployer",
      "camunda.bpm.admin-user.password=" + SandboxTest.DEPLOYER_PASSWORD,
      // ReadOnlyGroupIT, BadInputIT: the sandbox's read-only account.
      "sandbox.accounts.observer1-password=" + SandboxTest.OBSERVER1_PASSWORD,
      // OperationsIT: every health request looks afresh (no cached answer between two checks).
      "runbooks.ops.health.cache-ttl=PT0S",
      // OperationsIT: Spring Boot tests switch metrics export off; /actuator/prometheus needs it.
      "management.prometheus.metrics.export.enabled=true"
    })
// The database: H2 above, or with -Drunbooks.e2e.database=postgres a real PostgreSQL and the
// postgres profile (SandboxDatabase; failsafe execution shared-context-postgres, profile slow).
@ActiveProfiles(resolver = SandboxDatabase.class)
@ContextConfiguration(initializers = SandboxDatabase.class)
public @interface SandboxTest {
  String ADMIN_PASSWORD = "admin-e2e-secret";
  String OPERATOR1_PASSWORD = "operator1-e2e-secret";
  String OPERATOR2_PASSWORD = "operator2-e2e-secret";
  String DEPLOYER_PASSWORD = "deployer-e2e-secret";
  String OBSERVER1_PASSWORD = "observer1-e2e-secret";
}
