package org.alisw.runbooks.mesos;

/** No master answered a question that only the leading master can answer. */
public class ClusterUnavailableException extends RuntimeException {

  public ClusterUnavailableException(String message) {
    super(message);
  }
}
