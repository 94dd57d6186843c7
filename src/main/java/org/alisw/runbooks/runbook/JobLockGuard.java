package org.alisw.runbooks.runbook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Refuses to start when one remote call may outlast the job executor's lock: a job still running
 * when its lock expires is picked up again by another executor thread or node, so the same puppet
 * run or docker pull would be started twice on a host.
 */
final class JobLockGuard {

  static final String LOCK_TIME = "camunda.bpm.job-execution.lock-time-in-millis";

  /** The longest single remote call each step kind may make, by property. */
  static final List<String> STEP_TIMEOUTS =
      List.of(
          "runbooks.hosts.puppet.timeout",
          "runbooks.hosts.docker.pull-timeout",
          "runbooks.hosts.ssh.command-timeout",
          "runbooks.openstack.read-timeout",
          // One port call as a whole (login and all its requests): the adapter gives up after it.
          "runbooks.openstack.call-timeout",
          "runbooks.foreman.request-timeout",
          // Staging before a boot or rebuild, alarms and app state around it.
          "runbooks.certmgr.request-timeout",
          "runbooks.roger.request-timeout",
          "runbooks.mesos.request-timeout");

  /** Margin for connecting, retries inside one call and committing the job's transaction. */
  static final Duration MARGIN = Duration.ofMinutes(2);

  private JobLockGuard() {}

  /** Throws when a configured step timeout plus {@link #MARGIN} reaches the lock time. */
  static void check(Environment environment) {
    Binder binder = Binder.get(environment);
    Duration lock = Duration.ofMillis(binder.bind(LOCK_TIME, Long.class).orElse(300_000L));
    List<String> tooLong = new ArrayList<>();
    for (String property : STEP_TIMEOUTS) {
      binder
          .bind(property, Duration.class)
          .ifBound(
              timeout -> {
                if (timeout.plus(MARGIN).compareTo(lock) >= 0) {
                  tooLong.add(property + "=" + timeout);
                }
              });
    }
    if (!tooLong.isEmpty()) {
      throw new IllegalStateException(
          "The job lock (" + LOCK_TIME + "=" + lock.toMillis() + ", " + lock + ") must exceed every step's"
              + " timeout by at least " + MARGIN + ", or a step still running would be started again: "
              + tooLong + ". Raise the lock time or lower the timeouts.");
    }
  }
}
