package org.alisw.runbooks.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.alisw.runbooks.http.WholeExchange;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.client.IOSClientBuilder;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * Gets a project-scoped Keystone v3 token. Password and token authentication go through
 * openstack4j; application credentials, which openstack4j does not know, are sent to Keystone
 * directly and the answer handed to openstack4j as its own token type.
 */
final class KeystoneAuthenticator {

  private final Config config;
  private final HttpClient http;
  private final Duration readTimeout;

  KeystoneAuthenticator(Config config, Duration connectTimeout, Duration readTimeout) {
    this.config = config;
    this.readTimeout = readTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  /** A token for the configured project; a token Keystone scoped to another project is refused. */
  Token authenticate(ProjectCredentials c) {
    Token token = obtain(c);
    requireConfiguredProject(c, token);
    return token;
  }

  private Token obtain(ProjectCredentials c) {
    try {
      return switch (c.authType()) {
        case PASSWORD -> withProjectScope(
                OSFactory.builderV3()
                    .withConfig(config)
                    .endpoint(c.authUrl())
                    .credentials(c.username(), c.password(), userDomain(c)),
                c)
            .authenticate()
            .getToken();
        case TOKEN -> withProjectScope(
                OSFactory.builderV3().withConfig(config).endpoint(c.authUrl()).token(c.token()), c)
            .authenticate()
            .getToken();
        case APPLICATION_CREDENTIAL -> applicationCredentialToken(c);
      };
    } catch (AuthenticationException e) {
      if (e.getStatus() == 0) {
        // No HTTP status: Keystone never answered (openstack4j reports a read timeout this way).
        throw new CloudUnavailableException(
            "Keystone at " + c.authUrl() + " did not answer for project " + c.describe(), 0, e);
      }
      throw refused(c, e.getStatus());
    } catch (ConnectionException e) {
      throw new CloudUnavailableException(
          "Keystone at " + c.authUrl() + " is unreachable for project " + c.describe(), 0, e);
    } catch (ResponseException e) {
      if (e.getStatus() == 0) {
        throw new CloudUnavailableException(
            "Keystone at " + c.authUrl() + " did not answer for project " + c.describe(), 0, e);
      }
      if (e.getStatus() >= 500) {
        throw new CloudUnavailableException(
            "Keystone answered " + e.getStatus() + " for project " + c.describe(), e.getStatus(), e);
      }
      throw refused(c, e.getStatus());
    }
  }

  private static IOSClientBuilder.V3 withProjectScope(IOSClientBuilder.V3 builder, ProjectCredentials c) {
    if (!ProjectCredentials.isBlank(c.projectId())) {
      return builder.scopeToProject(Identifier.byId(c.projectId()));
    }
    Identifier domain =
        !ProjectCredentials.isBlank(c.projectDomainId())
            ? Identifier.byId(c.projectDomainId())
            : Identifier.byName(orDefault(c.projectDomainName()));
    return builder.scopeToProject(Identifier.byName(c.projectName()), domain);
  }

  private static Identifier userDomain(ProjectCredentials c) {
    return !ProjectCredentials.isBlank(c.userDomainId())
        ? Identifier.byId(c.userDomainId())
        : Identifier.byName(orDefault(c.userDomainName()));
  }

  private static String orDefault(String domain) {
    return ProjectCredentials.isBlank(domain) ? "Default" : domain;
  }

  /** {@code POST /v3/auth/tokens} with the application_credential method. */
  private Token applicationCredentialToken(ProjectCredentials c) {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", new String[] {"application_credential"},
                    "application_credential",
                    Map.of("id", c.applicationCredentialId(), "secret", c.applicationCredentialSecret()))));
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(c.authUrl() + "/auth/tokens"))
              .timeout(readTimeout)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(new ObjectMapper().writeValueAsBytes(body)))
              .build();
      // Bounded as a whole: HttpRequest.timeout alone stops counting once the headers arrive.
      HttpResponse<byte[]> response =
          WholeExchange.send(http, request, HttpResponse.BodyHandlers.ofByteArray(), readTimeout);
      if (response.statusCode() >= 500) {
        throw new CloudUnavailableException(
            "Keystone answered " + response.statusCode() + " for project " + c.describe(),
            response.statusCode(),
            null);
      }
      if (response.statusCode() != 201 && response.statusCode() != 200) {
        throw refused(c, response.statusCode());
      }
      String tokenId = response.headers().firstValue("X-Subject-Token").orElseThrow(
          () -> new CloudAuthenticationException("Keystone sent no X-Subject-Token for project " + c.describe()));
      KeystoneToken token =
          ObjectMapperSingleton.getContext(KeystoneToken.class)
              .readerFor(KeystoneToken.class)
              .readValue(response.body());
      token.setId(tokenId);
      token.setEndpoint(c.authUrl());
      return token;
    } catch (IOException e) {
      throw new CloudUnavailableException(
          "Keystone at " + c.authUrl() + " is unreachable for project " + c.describe(), 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudUnavailableException("Interrupted while authenticating", 0, e);
    }
  }

  /**
   * Keystone scopes an application-credential token to the credential's own project, whatever the
   * project key asked for: one shared credential would make {@code cloud-tests} runbooks act in
   * {@code release-testing} without a word. Compares the token's {@code token.project} with the
   * configured name or id.
   */
  private static void requireConfiguredProject(ProjectCredentials c, Token token) {
    boolean wantsId = !ProjectCredentials.isBlank(c.projectId());
    if (!wantsId && ProjectCredentials.isBlank(c.projectName())) {
      return; // nothing configured to compare with: the credential's project is the project
    }
    org.openstack4j.model.identity.v3.Project got = token.getProject();
    boolean same =
        got != null && (wantsId ? c.projectId().equals(got.getId()) : c.projectName().equals(got.getName()));
    if (same) {
      return;
    }
    String configured = wantsId ? "project id " + c.projectId() : "\"" + c.projectName() + "\"";
    String actual = got == null ? "no project (unscoped)" : "\"" + got.getName() + "\" (id " + got.getId() + ")";
    String hint =
        c.authType() == ProjectCredentials.AuthType.APPLICATION_CREDENTIAL
            ? "an application credential is bound to the project it was created in: give project key "
                + c.projectKey() + " its own (runbooks.openstack.projects." + c.projectKey()
                + ".application-credential-id/-secret)"
            : "check OS_PROJECT_NAME/OS_PROJECT_ID of project key " + c.projectKey();
    throw new CloudAuthenticationException(
        "Keystone gave a token for OpenStack project " + actual + " to project key " + c.projectKey()
            + ", which is configured for " + configured + "; refusing to act in the wrong project: " + hint);
  }

  private static CloudAuthenticationException refused(ProjectCredentials c, int status) {
    String what =
        switch (c.authType()) {
          case PASSWORD -> "OS_USERNAME/OS_PASSWORD and OS_PROJECT_NAME/OS_PROJECT_ID";
          case TOKEN -> "OS_TOKEN (expired or revoked?) and OS_PROJECT_NAME/OS_PROJECT_ID";
          case APPLICATION_CREDENTIAL -> "OS_APPLICATION_CREDENTIAL_ID/SECRET";
        };
    return new CloudAuthenticationException(
        "Keystone refused to authenticate for project " + c.describe() + " (HTTP " + status
            + "); check " + what + " and OS_AUTH_URL");
  }
}
