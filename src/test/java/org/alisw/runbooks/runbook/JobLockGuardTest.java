package org.alisw.runbooks.runbook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class JobLockGuardTest {

  @Test
  void acceptsStepsThatFinishWellWithinTheLock() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty(JobLockGuard.LOCK_TIME, "2400000")
            .withProperty("runbooks.hosts.puppet.timeout", "PT30M")
            .withProperty("runbooks.hosts.docker.pull-timeout", "PT15M");
    assertThatCode(() -> JobLockGuard.check(env)).doesNotThrowAnyException();
  }

  @Test
  void refusesAPuppetTimeoutBeyondTheDefaultFiveMinuteLock() {
    MockEnvironment env = new MockEnvironment().withProperty("runbooks.hosts.puppet.timeout", "PT30M");
    assertThatThrownBy(() -> JobLockGuard.check(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runbooks.hosts.puppet.timeout=PT30M")
        .hasMessageContaining("lock-time-in-millis=300000");
  }

  @Test
  void refusesATimeoutThatLeavesLessThanTheMargin() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty(JobLockGuard.LOCK_TIME, "600000")
            .withProperty("runbooks.foreman.request-timeout", "PT9M");
    assertThatThrownBy(() -> JobLockGuard.check(env)).hasMessageContaining("runbooks.foreman.request-timeout");
  }

  @Test
  void refusesAnOpenStackCallDeadlineBeyondTheLock() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("runbooks.openstack.read-timeout", "PT60S")
            .withProperty("runbooks.openstack.call-timeout", "PT4M");
    assertThatThrownBy(() -> JobLockGuard.check(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runbooks.openstack.call-timeout=PT4M");
  }

  @Test
  void refusesCertmgrAndRogerRequestTimeoutsBeyondTheLock() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty(JobLockGuard.LOCK_TIME, "600000")
            .withProperty("runbooks.certmgr.request-timeout", "PT8M")
            .withProperty("runbooks.roger.request-timeout", "PT9M");
    assertThatThrownBy(() -> JobLockGuard.check(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runbooks.certmgr.request-timeout=PT8M")
        .hasMessageContaining("runbooks.roger.request-timeout=PT9M");

    env.setProperty("runbooks.certmgr.request-timeout", "PT15S");
    env.setProperty("runbooks.roger.request-timeout", "PT15S");
    assertThatCode(() -> JobLockGuard.check(env)).doesNotThrowAnyException();
  }
}
