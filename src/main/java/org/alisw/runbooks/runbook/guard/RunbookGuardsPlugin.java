package org.alisw.runbooks.runbook.guard;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * Turns what a runbook declares (its request check, each task's inputs) into builtin listeners:
 * the engine runs builtin listeners even when a start or modification asks to skip custom ones.
 * A refusal by those checks is logged by the engine as expected ({@link RefusalsAreExpected}).
 */
public class RunbookGuardsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners().add(new GuardsParseListener(configuration));
    if (configuration.getCommandContextFactory() == null) {
      RefusalsAreExpected factory = new RefusalsAreExpected();
      // The engine hands its configuration only to a factory it creates itself.
      factory.setProcessEngineConfiguration(configuration);
      configuration.setCommandContextFactory(factory);
    }
  }
}
