package org.alisw.runbooks.roger;

/**
 * A machine's entry in Roger.
 *
 * @param appstate as Roger reports it ({@code production}, {@code build}, {@code disabled}, or
 *     another state someone set by hand, such as {@code intervention})
 * @param ncAlarmed {@code nc_alarmed}: alarms of the network/connectivity sensors are raised
 * @param hwAlarmed {@code hw_alarmed}: hardware alarms are raised
 * @param osAlarmed {@code os_alarmed}: operating system alarms are raised
 * @param appAlarmed {@code app_alarmed}: application alarms are raised
 * @param message the last message set with a change, null if none
 * @param updatedBy who changed the entry last, if Roger says
 * @param updateTime when, as Roger writes it
 */
public record MachineState(
    String hostname,
    String appstate,
    boolean ncAlarmed,
    boolean hwAlarmed,
    boolean osAlarmed,
    boolean appAlarmed,
    String message,
    String updatedBy,
    String updateTime) {

  /** The app state if it is one of the runbooks' own. */
  public boolean is(AppState state) {
    return state.wire().equals(appstate);
  }

  /** All four alarm masks raised. */
  public boolean allAlarmed() {
    return ncAlarmed && hwAlarmed && osAlarmed && appAlarmed;
  }

  /** No alarm mask raised. */
  public boolean noneAlarmed() {
    return !ncAlarmed && !hwAlarmed && !osAlarmed && !appAlarmed;
  }
}
