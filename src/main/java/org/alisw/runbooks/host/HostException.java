package org.alisw.runbooks.host;

/** A host could not be used: why, in words an operator can act on. Never carries secrets. */
public class HostException extends RuntimeException {

  /** What went wrong, for process variables and incident messages. */
  public enum Reason {
    /** Name not resolvable, connection refused, dropped or not answered in time. */
    CONNECTION_FAILED,
    /** known_hosts has no key for the host: accept it with the audited replace step. */
    HOST_KEY_UNKNOWN,
    /** The host presents a key other than the one in known_hosts. */
    HOST_KEY_CHANGED,
    /** The key the host presents is not the one the operator confirmed. */
    HOST_KEY_NOT_CONFIRMED,
    /** The host refused the configured identity. */
    AUTHENTICATION_FAILED,
    /** The SSH handshake or the command did not finish in time. */
    TIMEOUT,
    /**
     * The local probe could not tell whether the host answers (ping exited with neither 0 nor 1:
     * no permission for ICMP sockets, a wrong option in the template, an unresolvable name).
     */
    PROBE_FAILED,
    /** The command ran and failed. */
    COMMAND_FAILED,
    /** Any other SSH protocol failure. */
    SSH_ERROR
  }

  private final Reason reason;
  private final String host;

  public HostException(Reason reason, String host, String message, Throwable cause) {
    super(host + ": " + message, cause);
    this.reason = reason;
    this.host = host;
  }

  public HostException(Reason reason, String host, String message) {
    this(reason, host, message, null);
  }

  public Reason reason() {
    return reason;
  }

  public String host() {
    return host;
  }
}
