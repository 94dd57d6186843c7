package org.alisw.runbooks.history;

/** The history was asked for without an authenticated user: a 401. */
public class HistoryAccessException extends RuntimeException {

  public HistoryAccessException(String message) {
    super(message);
  }
}
