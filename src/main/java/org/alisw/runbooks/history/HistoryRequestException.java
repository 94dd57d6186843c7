package org.alisw.runbooks.history;

/** A history request that cannot be answered as asked: a 400 with this message. */
public class HistoryRequestException extends RuntimeException {

  public HistoryRequestException(String message) {
    super(message);
  }
}
