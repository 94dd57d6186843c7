package org.alisw.runbooks.runbook.check;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

import java.time.Duration;
import java.util.List;
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;

/** What the check runbooks' process tests share: the engine, the settings, running their jobs. */
final class CheckProcessTests {

  static final String OPERATORS = "alice-agile-admin";

  private CheckProcessTests() {}

  /** The in-memory engine of the process tests (process-test.camunda.cfg.xml). */
  static ProcessEngineExtension engine() {
    return ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();
  }

  static RunbookSettings settings() {
    return new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS);
  }

  /** Runs the instance's jobs (one check each) until none is left; returns how many ran. */
  static int runAllJobs(ProcessInstance instance) {
    int ran = 0;
    for (int round = 0; round < 100; round++) {
      List<Job> jobs = managementService().createJobQuery().processInstanceId(instance.getId()).executable().list();
      if (jobs.isEmpty()) {
        return ran;
      }
      for (Job job : jobs) {
        managementService().executeJob(job.getId());
        ran++;
      }
    }
    throw new AssertionError("jobs still left after 100 rounds");
  }
}
