package org.alisw.runbooks.history;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * The history's answers over JAX-RS, shared by {@code /engine-rest/runbook-history} and the
 * Cockpit plugin: its refusals become Camunda's REST errors ({@code {"type", "message"}}), 400 for a
 * bad filter, 401 without a user, 404 for a runbook one may not read or that does not exist; the
 * engine's own AuthorizationException stays Camunda's 403.
 */
public final class HistoryResponses {

  private HistoryResponses() {}

  public static <T> T answer(Supplier<T> call) {
    try {
      return call.get();
    } catch (HistoryRequestException e) {
      throw new InvalidRequestException(Status.BAD_REQUEST, e.getMessage());
    } catch (RunbookNotFoundException e) {
      throw new InvalidRequestException(Status.NOT_FOUND, e.getMessage());
    } catch (HistoryAccessException e) {
      throw new RestException(Status.UNAUTHORIZED, e.getMessage());
    }
  }

  public static Map<String, List<String>> parameters(MultivaluedMap<String, String> query) {
    return new LinkedHashMap<>(query);
  }
}
