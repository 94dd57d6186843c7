package org.alisw.runbooks.runbook;

import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;

/** The in-memory engine every process test walks its runbook on. */
final class ProcessTestEngine {

  private ProcessTestEngine() {}

  static ProcessEngineExtension extension() {
    return ProcessEngineExtension.builder()
        .configurationResource("process-test.camunda.cfg.xml")
        .build();
  }
}
