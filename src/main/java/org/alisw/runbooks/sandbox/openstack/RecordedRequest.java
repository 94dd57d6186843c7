package org.alisw.runbooks.sandbox.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One request the simulated OpenStack received, kept so that adapter tests can assert what was
 * sent (method, path, query, body). In memory only: never logged, since Keystone bodies carry
 * passwords.
 *
 * @param path the path without the query string, for example {@code /compute/v2.1/servers/detail}
 * @param query the decoded query parameters
 * @param body the JSON body, or a missing node when there was none
 * @param authenticated whether the request carried a valid X-Auth-Token
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    JsonNode body,
    boolean authenticated) {

  public RecordedRequest {
    query = Map.copyOf(query);
  }

  /** The first value of a query parameter, or null. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public boolean is(String method, String path) {
    return this.method.equals(method) && this.path.equals(path);
  }
}
