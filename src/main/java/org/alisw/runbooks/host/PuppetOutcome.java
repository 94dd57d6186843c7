package org.alisw.runbooks.host;

/** A puppet run judged by its detailed exit code (the configured command must ask for them). */
public enum PuppetOutcome {
  /** 0 (nothing to change) or 2 (changes applied): the host has converged. */
  CLEAN,
  /** 4 (failures) or 6 (changes and failures): run it again. */
  FAILED,
  /** Any other code, or none (killed): puppet itself did not work (run in progress, crash). */
  ERROR;

  static PuppetOutcome of(Integer exitStatus) {
    if (exitStatus == null) {
      return ERROR;
    }
    return switch (exitStatus) {
      case 0, 2 -> CLEAN;
      case 4, 6 -> FAILED;
      default -> ERROR;
    };
  }
}
