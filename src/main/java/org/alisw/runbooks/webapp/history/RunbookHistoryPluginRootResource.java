package org.alisw.runbooks.webapp.history;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;

/** The plugin's API root: its static assets (inherited) and the history of one engine. */
@Path("plugin/" + RunbookHistoryPlugin.ID)
public class RunbookHistoryPluginRootResource extends AbstractCockpitPluginRootResource {

  public RunbookHistoryPluginRootResource() {
    super(RunbookHistoryPlugin.ID);
  }

  @Path("{engine}/runbooks")
  public RunbookHistoryPluginResource runbooks(@PathParam("engine") String engineName) {
    return subResource(new RunbookHistoryPluginResource(engineName), engineName);
  }
}
