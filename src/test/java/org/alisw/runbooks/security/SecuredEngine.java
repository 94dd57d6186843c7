package org.alisw.runbooks.security;

import java.util.List;
import org.alisw.runbooks.security.SecurityProperties.UserAccount;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;

/** Engines as the application builds them: authorization on, our plugins, ids as CERN spells them. */
final class SecuredEngine {

  static final String OPERATORS = "alice-agile-admin";
  static final String ADMINS = "camunda-admin";

  private SecuredEngine() {}

  static SecurityProperties config(UserAccount... users) {
    return new SecurityProperties(OPERATORS, ADMINS, List.of(users));
  }

  static UserAccount operator(String id, String password) {
    return new UserAccount(id, password, null, null, null, List.of(OPERATORS));
  }

  static UserAccount admin(String id, String password) {
    return new UserAccount(id, password, null, null, null, List.of(ADMINS, OPERATORS));
  }

  /** Both plugins, as SecurityConfiguration registers them. */
  static List<ProcessEnginePlugin> plugins(SecurityProperties config, String starterAdminUser) {
    return List.of(new IdentityBootstrap(config, starterAdminUser), new EngineSecurityPlugin(config.adminGroup()));
  }

  static ProcessEngine build(String jdbcUrl, List<ProcessEnginePlugin> plugins) {
    ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
    configuration
        .setJdbcUrl(jdbcUrl)
        .setDatabaseSchemaUpdate("true")
        .setJobExecutorActivate(false)
        .setHistory(ProcessEngineConfigurationImpl.HISTORY_FULL)
        .setProcessEngineName("secured-test-" + System.nanoTime());
    // Without authorization checks every bypass goes unnoticed.
    configuration.setAuthorizationEnabled(true);
    configuration.setGeneralResourceWhitelistPattern("[a-zA-Z0-9][a-zA-Z0-9._-]*");
    // The starter's default: the table-based id generator writes in a separate transaction, which
    // the start-up lock held by IdentityBootstrap would make wait.
    configuration.setIdGenerator(new StrongUuidGenerator());
    configuration.setProcessEnginePlugins(plugins);
    return configuration.buildProcessEngine();
  }
}
