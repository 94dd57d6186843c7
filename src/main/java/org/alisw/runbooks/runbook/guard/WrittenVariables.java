package org.alisw.runbooks.runbook.guard;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The variables of one process instance that the current engine command created, changed or
 * removed. A task completion sets its variables before the complete listeners run, in the same
 * command; the engine's entity cache is the one place that knows which ones. Engine-internal API
 * (the same in Operaton), kept to this class.
 */
final class WrittenVariables {

  private WrittenVariables() {}

  /** Name → new value; a removed variable maps to null. */
  static Map<String, TypedValue> inThisCommand(String processInstanceId) {
    Map<String, TypedValue> written = new HashMap<>();
    for (CachedDbEntity cached :
        Context.getCommandContext().getDbEntityManager().getDbEntityCache().getCachedEntities()) {
      if (!(cached.getEntity() instanceof VariableInstanceEntity variable)
          || !processInstanceId.equals(variable.getProcessInstanceId())) {
        continue;
      }
      switch (cached.getEntityState()) {
        case TRANSIENT -> written.put(variable.getName(), variable.getTypedValue(false));
        case PERSISTENT, MERGED -> {
          if (cached.isDirty()) {
            written.put(variable.getName(), variable.getTypedValue(false));
          }
        }
        case DELETED_PERSISTENT, DELETED_MERGED -> written.put(variable.getName(), null);
        default -> {
          // created and removed in this command: nothing written
        }
      }
    }
    return written;
  }
}
