package org.alisw.runbooks.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The runbooks' meters, named for Prometheus ({@code runbooks.started} is scraped as {@code
 * runbooks_started_total}); docs/operations.md lists them. Tags are bounded: process keys,
 * activity ids and end event ids of the deployed BPMN, never host names or instance ids.
 */
public final class RunbookMetrics {

  static final String STARTED = "runbooks.started";
  static final String COMPLETED = "runbooks.completed";
  static final String FAILED = "runbooks.failed";
  static final String STEP_DURATION = "runbooks.step.duration";
  static final String TASK_WAIT = "runbooks.task.wait";
  static final String PUPPET_ATTEMPTS = "runbooks.puppet.attempts";

  /** Steps take seconds (a look-up) to an hour (a rebuild): buckets a dashboard can tell apart. */
  private static final Duration[] STEP_BUCKETS = {
    Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
    Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
    Duration.ofHours(4), Duration.ofHours(24)
  };

  private final MeterRegistry registry;
  public RunbookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void started(String runbook) {
    Counter.builder(STARTED).description("Runbooks started").tag("runbook", runbook).register(registry).increment();
  }

  /**
   * A runbook ended: at an end event, or cancelled (deleted in Cockpit or over REST, no end
   * event); {@code failed} when it did not do what it was started for (RunbookOutcome).
   */
  void ended(String runbook, String endEvent, boolean failed) {
    Counter.builder(failed ? FAILED : COMPLETED)
        .description(failed ? "Runbooks that ended without doing what they were started for" : "Runbooks that ended well")
        .tags(endTags(runbook, endEvent))
        .register(registry)
        .increment();
  }

  void stepEnded(String runbook, String activity, String type, long millis) {
    Timer.builder(STEP_DURATION)
        .description("How long each step of a runbook took, waits for people and timers included")
        .tag("runbook", runbook)
        .tag("activity", activity)
        .tag("type", type)
        .serviceLevelObjectives(STEP_BUCKETS)
        .register(registry)
        .record(Duration.ofMillis(millis));
  }

  void taskEnded(String runbook, String task, long millis) {
    Timer.builder(TASK_WAIT)
        .description("How long a user task waited for a human before it was completed")
        .tag("runbook", runbook)
        .tag("task", task)
        .serviceLevelObjectives(STEP_BUCKETS)
        .register(registry)
        .record(Duration.ofMillis(millis));
  }

  /** Puppet runs one converge (a verify-host instance) needed, retries granted by an operator included. */
  void puppetConverged(String runbook, String endEvent, int attempts) {
    DistributionSummary.builder(PUPPET_ATTEMPTS)
        .description("Puppet runs per converge (until clean, or until the operator gave up)")
        .tags(endTags(runbook, endEvent))
        .serviceLevelObjectives(1, 2, 3, 5, 10, 20)
        .register(registry)
        .record(attempts);
  }

  /** A runbook's end: the end event's id, or "cancelled" when it ended without one. */
  private static Tags endTags(String runbook, String endEvent) {
    return Tags.of("runbook", runbook, "end_event", endEvent == null ? "cancelled" : endEvent);
  }
}
