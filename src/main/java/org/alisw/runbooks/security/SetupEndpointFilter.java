package org.alisw.runbooks.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 403 to Camunda Admin's first-user setup ({@code /api/admin/setup/**}). That endpoint
 * needs no login while nobody is in the literal group {@code camunda-admin}, which is the normal
 * state here (accounts come from configuration, the admin group may be named differently), so it
 * would let anyone create an all-powerful user.
 */
final class SetupEndpointFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(SetupEndpointFilter.class);

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
    LOG.warn("Refused {} {} from {}: accounts come from configuration (runbooks.security.users)",
        request.getMethod(), request.getRequestURI(), request.getRemoteAddr());
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write("The setup endpoint is disabled: accounts come from configuration.\n");
  }
}
