package org.alisw.runbooks.security;

import java.lang.reflect.Field;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.ProcessInstanceModificationBuilderImpl;
import org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRestartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, for anyone outside the admin group, the starts that skip a runbook's start checks:
 * starting at a chosen activity, skipping listeners or input/output mappings, and restarting an
 * ended instance (which starts at activities too). CREATE_INSTANCE alone would allow all of them,
 * over REST ({@code startInstructions}, {@code skipCustomListeners}, {@code /restart}) and the Java
 * API alike; both end in these commands, so checking them here covers every door.
 */
final class BypassingStartGuard extends CommandInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(BypassingStartGuard.class);

  private final IdentityServiceSupplier identity;
  private final String adminGroup;

  /** The engine's identity service exists only once the engine is built, after this guard. */
  interface IdentityServiceSupplier {
    IdentityService get();
  }

  BypassingStartGuard(IdentityServiceSupplier identity, String adminGroup) {
    this.identity = identity;
    this.adminGroup = adminGroup;
  }

  @Override
  public <T> T execute(Command<T> command) {
    String bypass = bypassOf(command);
    if (bypass != null) {
      refuseUnlessAdmin(bypass);
    }
    return next.execute(command);
  }

  /** What the command would skip, or null when it is an ordinary start (or no start at all). */
  static String bypassOf(Command<?> command) {
    if (command instanceof AbstractRestartProcessInstanceCmd
        || command instanceof RestartProcessInstancesBatchCmd) {
      return "restart a runbook instance";
    }
    if (command instanceof StartProcessInstanceAtActivitiesCmd
        || command instanceof StartProcessInstanceCmd) {
      ProcessInstanceModificationBuilderImpl modification = builderOf(command).getModificationBuilder();
      if (modification.isSkipCustomListeners() || modification.isSkipIoMappings()) {
        return "start a runbook skipping its listeners or input/output mappings";
      }
      if (command instanceof StartProcessInstanceAtActivitiesCmd
          || !modification.getModificationOperations().isEmpty()) {
        return "start a runbook at a chosen activity";
      }
    }
    return null;
  }

  private void refuseUnlessAdmin(String bypass) {
    Authentication authentication = identity.get().getCurrentAuthentication();
    // No authentication: the engine itself (job executor, batch jobs, start-up), never a caller.
    if (authentication == null || authentication.getUserId() == null) {
      return;
    }
    List<String> groups = authentication.getGroupIds();
    if (groups != null && groups.contains(adminGroup)) {
      return;
    }
    LOG.warn("Refused: user {} tried to {}", authentication.getUserId(), bypass);
    throw new AuthorizationException(
        "User '" + authentication.getUserId() + "' may not " + bypass
            + ": that would skip the runbook's start checks. Start it from its start event, or ask a"
            + " member of '" + adminGroup + "'.");
  }

  /** The engine keeps the builder in a protected field; unreadable means we cannot tell: refuse. */
  private static ProcessInstantiationBuilderImpl builderOf(Command<?> start) {
    try {
      Field field = start.getClass().getDeclaredField("instantiationBuilder");
      field.setAccessible(true);
      return (ProcessInstantiationBuilderImpl) field.get(start);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot inspect a process start (engine version changed?)", e);
    }
  }
}
