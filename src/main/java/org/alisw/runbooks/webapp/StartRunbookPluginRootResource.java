package org.alisw.runbooks.webapp;

import jakarta.ws.rs.Path;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;

/** Serves the plugin's {@code app/plugin.js} to Cockpit (its {@code static/} assets); nothing else. */
@Path("plugin/" + StartRunbookCockpitPlugin.ID)
public class StartRunbookPluginRootResource extends AbstractCockpitPluginRootResource {

  public StartRunbookPluginRootResource() {
    super(StartRunbookCockpitPlugin.ID);
  }
}
