package org.alisw.runbooks.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP basic authentication in front of {@code /actuator}, against the engine's users (as {@code
 * /engine-rest}): only members of the operators or admin group get in. The liveness and readiness
 * probes (and the health summary) answer anonymously, because a load balancer has no credentials;
 * Spring Boot shows their details only to a request this filter authenticated
 * ({@code show-details: when-authorized} reads the principal it sets).
 */
final class ActuatorAuthenticationFilter extends HttpFilter {

  private static final Logger log = LoggerFactory.getLogger(ActuatorAuthenticationFilter.class);

  private final IdentityService identity;
  private final Set<String> allowedGroups;
  private final String basePath;

  ActuatorAuthenticationFilter(IdentityService identity, Set<String> allowedGroups, String basePath) {
    this.identity = identity;
    this.allowedGroups = Set.copyOf(allowedGroups);
    this.basePath = basePath;
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      if (isAnonymousProbe(request)) {
        chain.doFilter(request, response);
      } else {
        challenge(response);
      }
      return;
    }
    String[] credentials = decode(header.substring(6).trim());
    if (credentials == null || !identity.checkPassword(credentials[0], credentials[1])) {
      log.info("Refused {} {}: wrong user or password", request.getMethod(), request.getRequestURI());
      challenge(response);
      return;
    }
    String user = credentials[0];
    Set<String> groups =
        identity.createGroupQuery().groupMember(user).list().stream()
            .map(g -> g.getId())
            .collect(Collectors.toSet());
    if (groups.stream().noneMatch(allowedGroups::contains)) {
      log.info("Refused {} {} to {}: not in {}", request.getMethod(), request.getRequestURI(), user, allowedGroups);
      response.sendError(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    chain.doFilter(new Authenticated(request, user, groups), response);
  }

  private boolean isAnonymousProbe(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return "GET".equals(request.getMethod())
        && (path.equals(basePath + "/health")
            || path.equals(basePath + "/health/liveness")
            || path.equals(basePath + "/health/readiness"));
  }

  private static String[] decode(String token) {
    try {
      String pair = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon <= 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void challenge(HttpServletResponse response) throws IOException {
    response.setHeader("WWW-Authenticate", "Basic realm=\"infra-runbooks\"");
    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
  }

  /** The request as the user it authenticated: roles are the user's groups. */
  private static final class Authenticated extends HttpServletRequestWrapper {
    private final Principal principal;
    private final Set<String> groups;

    Authenticated(HttpServletRequest request, String user, Set<String> groups) {
      super(request);
      this.principal = () -> user;
      this.groups = groups;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
      return groups.contains(role);
    }
  }
}
