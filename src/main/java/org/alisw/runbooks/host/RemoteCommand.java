package org.alisw.runbooks.host;

/**
 * One of the fixed command lines the runbooks run on a host. Arguments are checked against strict
 * patterns and single-quoted, so no input reaches the remote shell as syntax.
 */
public final class RemoteCommand {

  /** Words of letters, digits and {@code _ . / = : , + -} separated by single spaces. */
  static final String SAFE_COMMAND_LINE = "[A-Za-z0-9_./=:,+-]+(?: [A-Za-z0-9_./=:,+-]+)*";

  private static final java.util.regex.Pattern SAFE =
      java.util.regex.Pattern.compile(SAFE_COMMAND_LINE);

  private final String line;

  private RemoteCommand(String line) {
    this.line = line;
  }

  /** {@code hostname}: the "ssh to it" check, proving a login works and which machine answered. */
  public static RemoteCommand hostname() {
    return new RemoteCommand("hostname");
  }

  /** {@code docker ps --format '{{.Names}}'}: one running container name per line. */
  public static RemoteCommand dockerPs() {
    return new RemoteCommand("docker ps --format " + quote("{{.Names}}"));
  }

  /** {@code docker pull IMAGE}. */
  public static RemoteCommand dockerPull(String image) {
    return new RemoteCommand("docker pull " + quote(HostArguments.image(image)));
  }

  /** {@code docker restart CONTAINER}. */
  public static RemoteCommand dockerRestart(String container) {
    return new RemoteCommand("docker restart " + quote(HostArguments.container(container)));
  }

  /**
   * A command line from configuration (such as the puppet command): plain words only, no quotes,
   * variables, redirections or separators.
   */
  public static RemoteCommand configured(String commandLine) {
    if (commandLine == null || !SAFE.matcher(commandLine).matches()) {
      throw new IllegalArgumentException(
          "a configured command must be plain words matching " + SAFE_COMMAND_LINE);
    }
    return new RemoteCommand(commandLine);
  }

  /**
   * This command under coreutils {@code timeout --kill-after=K S}: TERM after {@code seconds}, KILL
   * {@code killAfterSeconds} later, exit status 124 (or 137 after KILL). Closing the SSH channel
   * does not stop a command on OpenSSH before 7.9, so long commands must be bounded on the host.
   */
  RemoteCommand boundedOnHost(long seconds, long killAfterSeconds) {
    if (seconds < 1 || killAfterSeconds < 1) {
      throw new IllegalArgumentException("remote time limits must be at least one second");
    }
    return new RemoteCommand("timeout --kill-after=" + killAfterSeconds + "s " + seconds + " " + line);
  }

  /** The exact line sent to the host. */
  public String line() {
    return line;
  }

  @Override
  public String toString() {
    return line;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RemoteCommand c && c.line.equals(line);
  }

  @Override
  public int hashCode() {
    return line.hashCode();
  }

  /** POSIX single quotes; a quote inside becomes {@code '\''}. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
