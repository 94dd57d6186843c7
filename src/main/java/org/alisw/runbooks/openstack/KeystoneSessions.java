package org.alisw.runbooks.openstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openstack4j.model.identity.v3.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Keystone token per project key, shared by every thread. openstack4j keeps its session in a
 * thread-local, so the token is obtained once here and each call builds its client from it
 * ({@code OSFactory.clientFromToken}). A token is renewed when less than the refresh margin (at
 * most half its lifetime) is left, so a long wait never meets an expired token.
 */
final class KeystoneSessions {

  private static final Logger log = LoggerFactory.getLogger(KeystoneSessions.class);

  private final Function<String, ProjectCredentials> credentials;
  private final KeystoneAuthenticator authenticator;
  private final Duration refreshMargin;
  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, ProjectCredentials> resolved = new ConcurrentHashMap<>();

  KeystoneSessions(
      Function<String, ProjectCredentials> credentials,
      KeystoneAuthenticator authenticator,
      Duration refreshMargin,
      Clock clock) {
    this.credentials = credentials;
    this.authenticator = authenticator;
    this.refreshMargin = refreshMargin;
    this.clock = clock;
  }

  /** A token for the project valid for at least the refresh margin. */
  Token token(String projectKey) {
    Token token = tokens.get(projectKey);
    if (token != null && isFresh(token)) {
      return token;
    }
    synchronized (locks.computeIfAbsent(projectKey, k -> new Object())) {
      token = tokens.get(projectKey);
      if (token != null && isFresh(token)) {
        return token;
      }
      ProjectCredentials c = credentials(projectKey);
      Token fresh = authenticator.authenticate(c);
      tokens.put(projectKey, fresh);
      log.info(
          "OpenStack token for project {} obtained ({}), expires at {}",
          c.describe(),
          c.authType(),
          fresh.getExpires() == null ? "?" : fresh.getExpires().toInstant());
      return fresh;
    }
  }

  /** Forgets a token Keystone no longer accepts, unless another thread already replaced it. */
  void invalidate(String projectKey, Token stale) {
    tokens.remove(projectKey, stale);
  }

  /** Forgets the project's token, so that the next call logs in afresh (a credentials check). */
  void forget(String projectKey) {
    tokens.remove(projectKey);
  }

  /** The region configured for the project, if any. */
  String region(String projectKey) {
    return credentials(projectKey).regionName();
  }

  private ProjectCredentials credentials(String projectKey) {
    return resolved.computeIfAbsent(projectKey, credentials);
  }

  private boolean isFresh(Token token) {
    if (token.getExpires() == null) {
      return true;
    }
    Instant expires = token.getExpires().toInstant();
    Duration margin = refreshMargin;
    if (token.getIssuedAt() != null) {
      Duration lifetime = Duration.between(token.getIssuedAt().toInstant(), expires);
      if (lifetime.dividedBy(2).compareTo(margin) < 0) {
        margin = lifetime.dividedBy(2);
      }
    }
    return clock.instant().isBefore(expires.minus(margin));
  }
}
