package org.alisw.runbooks.history;

/** No runbook with that id that the user may read: a 404. */
public class RunbookNotFoundException extends RuntimeException {

  public RunbookNotFoundException(String message) {
    super(message);
  }
}
