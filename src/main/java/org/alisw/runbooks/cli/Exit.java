package org.alisw.runbooks.cli;

/** Exit codes of {@code runbook}; {@code follow} maps the runbook's outcome onto the first four. */
final class Exit {

  /** Done; for {@code follow}: the runbook completed. */
  static final int OK = 0;
  /** {@code follow}: the runbook failed (an incident), or was cancelled. */
  static final int FAILED = 1;
  /** The server refused the request (a guide rule, four-eyes, a permission, a bad input). */
  static final int REFUSED = 2;
  /** {@code follow}: the runbook waits for a human (the task is named). */
  static final int WAITING = 3;
  /** The engine could not be reached, or did not accept the credentials. */
  static final int NOT_CONNECTED = 4;
  /** Bad command line (sysexits' EX_USAGE, apart from the outcomes above). */
  static final int USAGE = 64;

  private Exit() {}
}
