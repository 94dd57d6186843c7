package org.alisw.runbooks.runbook.cancel;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

/**
 * {@code POST /engine-rest/runbook/process-instance/{id}/cancel} with {@code {"reason": "..."}}:
 * behind the same authentication filter as the rest of {@code /engine-rest}; errors in the
 * engine REST API's JSON form ({@code type}, {@code message}).
 */
@Path("/runbook/process-instance")
public class CancelRunbookResource {

  /** The request body. */
  public record CancelRequest(String reason) {}

  private final RunbookCancellation cancellation;

  @Inject
  public CancelRunbookResource(RunbookCancellation cancellation) {
    this.cancellation = cancellation;
  }

  @POST
  @Path("/{id}/cancel")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response cancel(@PathParam("id") String id, CancelRequest request) {
    try {
      String deleteReason = cancellation.cancel(id, request == null ? null : request.reason());
      return Response.ok(Map.of("id", id, "deleteReason", deleteReason)).build();
    } catch (RunbookCancellation.Refused refused) {
      throw new InvalidRequestException(Response.Status.fromStatusCode(refused.status), refused.getMessage());
    }
  }
}
