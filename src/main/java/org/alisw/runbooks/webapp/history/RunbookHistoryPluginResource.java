package org.alisw.runbooks.webapp.history;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.alisw.runbooks.history.HistoryQuery;
import org.alisw.runbooks.history.HistoryResponses;
import org.alisw.runbooks.history.RunbookHistory;
import org.alisw.runbooks.history.RunbookRecords.Page;
import org.alisw.runbooks.history.RunbookRecords.Record;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginResource;

/**
 * The same record as {@code /engine-rest/runbook-history}, for the Cockpit page: the webapp's
 * session login instead of HTTP basic, the same filters, errors and authorization.
 */
public class RunbookHistoryPluginResource extends AbstractCockpitPluginResource {

  public RunbookHistoryPluginResource(String engineName) {
    super(engineName);
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Page list(@Context UriInfo uri) {
    return HistoryResponses.answer(
        () -> history().list(HistoryQuery.parse(HistoryResponses.parameters(uri.getQueryParameters()))));
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Record record(@PathParam("id") String id) {
    return HistoryResponses.answer(() -> history().record(id));
  }

  private RunbookHistory history() {
    return new RunbookHistory(getProcessEngine());
  }
}
