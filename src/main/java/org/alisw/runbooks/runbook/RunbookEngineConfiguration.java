package org.alisw.runbooks.runbook;

import java.nio.file.Path;
import org.alisw.runbooks.runbook.guard.RunbookGuardsPlugin;
import org.alisw.runbooks.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What the engine needs from the runbooks: their deployment and the settings BPMN reads. */
@Configuration(proxyBeanMethods = false)
class RunbookEngineConfiguration {

  /** Checked here, before the engine plugins below exist, so a bad setup never runs a job. */
  RunbookEngineConfiguration(Environment environment) {
    JobLockGuard.check(environment);
  }

  @Bean
  RunbookDeployer runbookDeployer(DeploymentProperties properties) {
    return new RunbookDeployer(Path.of(properties.directory()), properties.name());
  }

  /** Request checks and task input checks as builtin listeners, from the runbooks' declarations. */
  @Bean
  RunbookGuardsPlugin runbookGuardsPlugin() {
    return new RunbookGuardsPlugin();
  }

  /** Named {@code runbooks} so that BPMN reads {@code ${runbooks.statusPollInterval}}. */
  @Bean(name = "runbooks")
  RunbookSettings runbookSettings(RunbookTimings timings, SecurityProperties security) {
    return RunbookSettings.of(timings, security);
  }
}
