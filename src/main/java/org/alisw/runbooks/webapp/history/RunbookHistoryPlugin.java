package org.alisw.runbooks.webapp.history;

import java.util.Set;
import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * Cockpit plugin "Runbook history" (found by Cockpit through {@code META-INF/services}): a route
 * {@code #/runbook-history} with a navigation entry, served from {@code plugin-webapp/runbook-history/app/plugin.js},
 * and its data under {@code /camunda/api/cockpit/plugin/runbook-history/{engine}/runbooks}.
 */
public class RunbookHistoryPlugin extends AbstractCockpitPlugin {

  public static final String ID = "runbook-history";

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Set<Class<?>> getResourceClasses() {
    return Set.of(RunbookHistoryPluginRootResource.class);
  }

  @Override
  public String getAssetDirectory() {
    return "plugin-webapp/" + ID;
  }
}
