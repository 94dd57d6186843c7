package org.alisw.runbooks.roger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one change sets in Roger. Null alarm fields and a null message are not sent, so Roger keeps
 * their values (ai-bs sends no alarm fields). The factories are what ai-tools send, and the
 * runbooks' "back to production".
 */
public record MachineStateUpdate(
    AppState appstate, Boolean ncAlarmed, Boolean hwAlarmed, Boolean osAlarmed, Boolean appAlarmed, String message) {

  public MachineStateUpdate {
    Objects.requireNonNull(appstate, "appstate");
  }

  /** What ai-bs sends for a new machine: {@code build}, nothing else (a new entry has alarms off). */
  public static MachineStateUpdate newMachine() {
    return new MachineStateUpdate(AppState.BUILD, null, null, null, null, null);
  }

  /** What ai-rebuild-vm sends (without {@code -a}): {@code build}, all alarms off, a message. */
  public static MachineStateUpdate rebuild(String message) {
    return allAlarms(AppState.BUILD, false, message);
  }

  /** What ai-kill sends: {@code disabled}, all alarms off, a message. */
  public static MachineStateUpdate kill(String message) {
    return allAlarms(AppState.DISABLED, false, message);
  }

  /**
   * The step ai-tools leave to a person: the machine is verified, so {@code production} with all
   * alarms on again.
   */
  public static MachineStateUpdate backToProduction(String message) {
    return allAlarms(AppState.PRODUCTION, true, message);
  }

  private static MachineStateUpdate allAlarms(AppState state, boolean alarmed, String message) {
    return new MachineStateUpdate(state, alarmed, alarmed, alarmed, alarmed, message);
  }

  /** The JSON body of Roger's POST and PUT for {@code fqdn}, without the fields left null. */
  Map<String, Object> body(String fqdn) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hostname", fqdn);
    body.put("appstate", appstate.wire());
    putIfSet(body, "nc_alarmed", ncAlarmed);
    putIfSet(body, "hw_alarmed", hwAlarmed);
    putIfSet(body, "os_alarmed", osAlarmed);
    putIfSet(body, "app_alarmed", appAlarmed);
    putIfSet(body, "message", message);
    return body;
  }

  private static void putIfSet(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }
}
