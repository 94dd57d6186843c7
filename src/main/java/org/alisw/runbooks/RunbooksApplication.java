package org.alisw.runbooks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The runbook engine: Camunda 7 with the ALICE build infrastructure's operation guides as BPMN. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RunbooksApplication {

  public static void main(String[] args) {
    SpringApplication.run(RunbooksApplication.class, args);
  }
}
