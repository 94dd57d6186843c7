package org.alisw.runbooks.webapp;

import java.util.Set;
import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * The Cockpit plugin "Start runbook" (issue 15): a button on the process definition page that
 * opens the runbook's start form and starts it as the logged-in operator.
 *
 * <p>Shipped the way Camunda documents Cockpit plugins for 7.14 and later: this class, registered
 * in {@code META-INF/services/org.camunda.bpm.cockpit.plugin.spi.CockpitPlugin}, and the
 * ES module {@code plugin-webapp/runbook-start/app/plugin.js} on the classpath, which Cockpit loads
 * from {@code /camunda/api/cockpit/plugin/runbook-start/static/app/plugin.js} (served by {@link
 * StartRunbookPluginRootResource}). Unlike {@code customScripts} in the webjar's {@code config.js},
 * which there is one of per webapp, a plugin needs no override of Camunda's files, so other plugins
 * (the runbook history) sit beside it without touching it.
 *
 * <p>The plugin has no server side of its own: the page starts the runbook with the webapp's own
 * engine REST API ({@code /camunda/api/engine/engine/default/process-definition/{id}/submit-form}),
 * with the session and CSRF token of the logged-in user, so the start goes through exactly the
 * checks a Tasklist or REST start goes through (authorization, the runbook's request check, the
 * initiator taken from the authenticated user).
 */
public class StartRunbookCockpitPlugin extends AbstractCockpitPlugin {

  /** The plugin id: its asset directory and the path of its root resource. */
  public static final String ID = "runbook-start";

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Set<Class<?>> getResourceClasses() {
    return Set.of(StartRunbookPluginRootResource.class);
  }
}
