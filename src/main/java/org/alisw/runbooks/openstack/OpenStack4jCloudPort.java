package org.alisw.runbooks.openstack;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudPort} on openstack4j: Keystone v3, Nova, Cinder and Glance. Thread-safe: the token
 * of each project is shared ({@link KeystoneSessions}), and every call builds its own client from
 * it on the calling thread, since openstack4j's sessions are thread-local.
 */
final class OpenStack4jCloudPort implements CloudPort {

  private static final Logger log = LoggerFactory.getLogger(OpenStack4jCloudPort.class);

  private final KeystoneSessions sessions;
  private final Config config;

  OpenStack4jCloudPort(KeystoneSessions sessions, Config config) {
    this.sessions = sessions;
    this.config = config;
  }

  @Override
  public Optional<CloudServer> findServer(String project, String name) {
    // Nova treats ?name= as a regular expression (alibuild1 also finds alibuild10): keep exact.
    List<CloudServer> exact =
        call(project, "find server " + name, os -> os.compute().servers().list(Map.of("name", name)))
            .stream()
            .filter(s -> name.equals(s.getName()))
            .map(OpenStack4jCloudPort::toCloudServer)
            .toList();
    if (exact.size() > 1) {
      throw new CloudRejectedException(
          exact.size() + " servers are named " + name + " in project " + project
              + "; resolve the duplicate by hand (ids " + exact.stream().map(CloudServer::id).toList() + ")",
          409);
    }
    return exact.stream().findFirst();
  }

  @Override
  public Optional<CloudServer> server(String project, String serverId) {
    return Optional.ofNullable(
            call(project, "show server " + serverId, os -> os.compute().servers().get(serverId)))
        .map(OpenStack4jCloudPort::toCloudServer)
        .filter(s -> !"DELETED".equals(s.status()));
  }

  @Override
  public void hardReboot(String project, String serverId) {
    CloudServer server =
        server(project, serverId)
            .orElseThrow(
                () -> new CloudNotFoundException(
                    "Cannot hard reboot server " + serverId + " in project " + project + ": it does not exist"));
    if ("HARD_REBOOT".equals(server.status())) {
      log.info("Server {} ({}) in {} is already rebooting: hard reboot not re-issued", server.name(), serverId, project);
      return;
    }
    String what = "hard reboot server " + server.name();
    ActionResponse response =
        call(project, what, os -> os.compute().servers().reboot(serverId, RebootType.HARD));
    check(response, project, what);
    log.info("Hard reboot of server {} ({}) in {} requested", server.name(), serverId, project);
  }

  // --- Mapping ---

  static CloudServer toCloudServer(Server s) {
    return new CloudServer(
        s.getId(),
        s.getName(),
        s.getStatus() == null ? "UNKNOWN" : s.getStatus().name(),
        s.getAvailabilityZone(),
        s.getMetadata(),
        s.getFault() == null ? null : s.getFault().getMessage());
  }

  // --- Calls and errors ---

  /**
   * Runs one openstack4j call with a client for the project on this thread. A 401 (token revoked
   * or expired early) gets one new token and one more try; everything else becomes a {@link
   * CloudException} that says what failed.
   */
  <T> T call(String project, String what, Function<OSClientV3, T> operation) {
    for (int attempt = 1; ; attempt++) {
      Token token = sessions.token(project);
      OSClientV3 client = OSFactory.clientFromToken(token, Facing.PUBLIC, config);
      String region = sessions.region(project);
      if (region != null) {
        client.useRegion(region);
      }
      try {
        return operation.apply(client);
      } catch (AuthenticationException e) {
        sessions.invalidate(project, token);
        if (attempt >= 2) {
          throw new CloudAuthenticationException(
              "OpenStack refused the token for project " + project + " twice while trying to " + what, e);
        }
      } catch (ConnectionException e) {
        throw new CloudUnavailableException(
            "OpenStack unreachable for project " + project + " while trying to " + what + ": " + e.getMessage(), 0, e);
      } catch (ResponseException e) {
        throw translate(e.getStatus(), e.getMessage(), project, what, e);
      } catch (RuntimeException e) {
        // openstack4j wraps I/O failures of the connector (connection reset, timeout) this way.
        if (e.getCause() instanceof java.io.IOException) {
          throw new CloudUnavailableException(
              "OpenStack unreachable for project " + project + " while trying to " + what, 0, e);
        }
        throw e;
      }
    }
  }

  /** Fails when an action answer is not a success. */
  static void check(ActionResponse response, String project, String what) {
    if (response != null && !response.isSuccess()) {
      throw translate(response.getCode(), response.getFault(), project, what, null);
    }
  }

  static CloudException translate(int status, String message, String project, String what, Throwable cause) {
    String text =
        "OpenStack answered " + status + " when trying to " + what + " in project " + project
            + (message == null || message.isBlank() ? "" : ": " + message);
    if (status >= 500 || status == 0) {
      return new CloudUnavailableException(text, status, cause);
    }
    if (status == 413 || status == 403 && message != null && message.toLowerCase().contains("quota")) {
      return new CloudQuotaExceededException(text, status);
    }
    if (status == 404) {
      return new CloudNotFoundException(text);
    }
    if (status == 401) {
      return new CloudAuthenticationException(text, cause);
    }
    return new CloudRejectedException(text, status);
  }
}
