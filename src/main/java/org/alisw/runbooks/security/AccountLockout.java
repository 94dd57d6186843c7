package org.alisw.runbooks.security;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks out a user that configuration no longer lists. The user row stays, so history and Tasklist
 * still show a name for what they did, but it loses every group membership and every authorization
 * granted to it, its password becomes a random one nobody knows, and the user info {@value
 * #MARK} records when. Configuring the user again brings it back with the configured password.
 */
final class AccountLockout {

  /** User info key that marks a locked-out account; its value is the time of the lock-out. */
  static final String MARK = "runbooks.locked-out";

  private static final Logger LOG = LoggerFactory.getLogger(AccountLockout.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentityService identity;
  private final AuthorizationService authorizations;

  AccountLockout(IdentityService identity, AuthorizationService authorizations) {
    this.identity = identity;
    this.authorizations = authorizations;
  }

  /**
   * Idempotent: a user already locked out keeps its mark, but loses whatever it regained since
   * (a membership or password set by hand in Camunda Admin).
   */
  void lockOut(User user) {
    String id = user.getId();
    for (Group group : identity.createGroupQuery().groupMember(id).list()) {
      identity.deleteMembership(id, group.getId());
    }
    for (Authorization authorization : authorizations.createAuthorizationQuery().userIdIn(id).list()) {
      authorizations.deleteAuthorization(authorization.getId());
    }
    user.setPassword(randomSecret());
    identity.saveUser(user);
    if (identity.getUserInfo(id, MARK) == null) {
      identity.setUserInfo(id, MARK, Instant.now().toString());
      LOG.warn("Locked out user {}: no longer in runbooks.security.users", id);
    }
  }

  /** A configured user is no longer locked out. */
  static void clear(IdentityService identity, String id) {
    if (identity.getUserInfo(id, MARK) != null) {
      identity.deleteUserInfo(id, MARK);
      LOG.info("User {} is configured again", id);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
