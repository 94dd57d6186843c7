package org.alisw.runbooks.history;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.alisw.runbooks.history.RunbookRecords.Page;
import org.alisw.runbooks.history.RunbookRecords.Record;
import org.camunda.bpm.engine.rest.util.EngineUtil;

/**
 * {@code GET /engine-rest/runbook-history?host=alibuild05&from=2026-11-01&to=2026-11-30} and
 * {@code GET /engine-rest/runbook-history/{id}}: the record for audits, behind the same HTTP basic
 * authentication as the rest of {@code /engine-rest} and read with the caller's history grants.
 */
@Path("/runbook-history")
@Produces(MediaType.APPLICATION_JSON)
public class RunbookHistoryResource {

  /** The default engine, found the way Camunda's own resources find it (its ProcessEngineProvider). */
  private RunbookHistory history() {
    return new RunbookHistory(EngineUtil.lookupProcessEngine(null));
  }

  @GET
  public Page list(@Context UriInfo uri) {
    return HistoryResponses.answer(() -> history().list(HistoryQuery.parse(HistoryResponses.parameters(uri.getQueryParameters()))));
  }

  @GET
  @Path("/{id}")
  public Record record(@PathParam("id") String id) {
    return HistoryResponses.answer(() -> history().record(id));
  }
}
