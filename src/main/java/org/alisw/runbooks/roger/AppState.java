package org.alisw.runbooks.roger;

import java.util.Locale;

/** The application states the runbooks set in Roger. */
public enum AppState {
  /** Being installed: what ai-bs and ai-rebuild-vm set. */
  BUILD,
  /** In service: alarms matter. */
  PRODUCTION,
  /** Going away: what ai-kill sets. */
  DISABLED;

  /** As Roger spells it: {@code build}, {@code production}, {@code disabled}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
