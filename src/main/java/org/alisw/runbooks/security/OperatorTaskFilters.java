package org.alisw.runbooks.security;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;

/**
 * Tasklist filters the operators group may read, beside the shared "Runbook tasks" filter. The
 * identity bootstrap calls every such bean in a step of its own, before it reconciles the
 * operators' grants: the ids returned get the group's READ grant, and since the reconcile revokes
 * every grant not in {@link OperatorGrants}, a filter grant made anywhere else would be taken away
 * again at the next start.
 */
public interface OperatorTaskFilters {

  /** Creates or updates the filters (idempotent, called at every start) and returns their ids. */
  List<String> ensureFilters(ProcessEngine engine);
}
