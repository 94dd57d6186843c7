package org.alisw.runbooks.runbook.cancel;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.security.SecurityProperties;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Cancels a running runbook for the operator who started it (or an administrator), with a reason
 * that history keeps as the instance's delete reason. Operators hold no DELETE permission on
 * process instances; this is the one way they end one, so the delete runs without authorization
 * checks once the initiator rule has passed. The user operation log still names the operator.
 */
@Component
class RunbookCancellation {

  /** Room for the "Cancelled by ..." prefix in the 4000-character delete reason column. */
  static final int MAX_REASON = 3000;

  private static final Logger LOG = LoggerFactory.getLogger(RunbookCancellation.class);

  private final ProcessEngine engine;
  private final String adminGroup;

  RunbookCancellation(ProcessEngine engine, SecurityProperties security) {
    this.engine = engine;
    this.adminGroup = security.adminGroup();
  }

  /** Why a cancellation is refused, with the HTTP status that says so. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** Ends the instance with {@code "Cancelled by <user>: <reason>"} as its delete reason. */
  String cancel(String processInstanceId, String reason) {
    Authentication who = engine.getIdentityService().getCurrentAuthentication();
    if (who == null || who.getUserId() == null) {
      throw new Refused(401, "Log in to cancel a runbook.");
    }
    if (reason == null || reason.isBlank()) {
      throw new Refused(400, "Say why the runbook is cancelled (field 'reason'); it is kept in its history.");
    }
    if (reason.length() > MAX_REASON) {
      throw new Refused(400, "The reason is longer than " + MAX_REASON + " characters.");
    }
    String deleteReason = "Cancelled by " + who.getUserId() + ": " + reason.trim();
    // Refusals are decided outside engine commands: the engine logs whatever leaves a command as
    // ERROR, and a refused cancel is an expected answer, not an error.
    Optional<Object> initiator = withoutAuthorization(() -> initiatorIfRunning(processInstanceId));
    if (initiator == null) {
      throw new Refused(404, "No running runbook instance " + processInstanceId + ".");
    }
    boolean admin = who.getGroupIds() != null && who.getGroupIds().contains(adminGroup);
    if (!admin && !who.getUserId().equals(initiator.orElse(null))) {
      LOG.warn("instance={} user={} cancel refused: started by {}", processInstanceId, who.getUserId(), initiator.orElse(null));
      throw new Refused(403, "Only " + initiator.orElse("its initiator") + ", who started runbook instance "
          + processInstanceId + ", or an administrator may cancel it.");
    }
    withoutAuthorization(() -> {
      engine.getRuntimeService().deleteProcessInstance(processInstanceId, deleteReason);
      return null;
    });
    LOG.info("instance={} user={} runbook cancelled: {}", processInstanceId, who.getUserId(), reason.trim());
    return deleteReason;
  }

  /** The instance's initiator (maybe empty), or null when no such instance is running. */
  private Optional<Object> initiatorIfRunning(String processInstanceId) {
    RuntimeService runtime = engine.getRuntimeService();
    if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0) {
      return null;
    }
    return Optional.ofNullable(runtime.getVariable(processInstanceId, Variables.INITIATOR));
  }

  private <T> T withoutAuthorization(Callable<T> work) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(context -> context.runWithoutAuthorization(work));
  }
}
