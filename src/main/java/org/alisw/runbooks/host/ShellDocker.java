package org.alisw.runbooks.host;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.alisw.runbooks.host.HostException.Reason;

/** {@link Docker} as docker commands over the {@link RemoteShell}. */
final class ShellDocker implements Docker {

  private final RemoteShell shell;
  private final Map<String, List<String>> requiredContainers;
  private final Duration pullTimeout;

  ShellDocker(RemoteShell shell, Map<String, List<String>> requiredContainers, Duration pullTimeout) {
    this.shell = shell;
    this.requiredContainers = Map.copyOf(requiredContainers);
    this.pullTimeout = pullTimeout;
  }

  @Override
  public ContainerCheck checkContainers(String host, String role) {
    List<String> required = requiredContainers.get(role);
    if (required == null) {
      throw new IllegalArgumentException(
          "no containers configured for role '" + role + "' (known: "
              + new TreeSet<>(requiredContainers.keySet()) + ")");
    }
    CommandResult ps = shell.run(host, RemoteCommand.dockerPs());
    if (ps.exitStatus() == null) {
      throw failed(ps);
    }
    if (!ps.succeeded()) {
      return new ContainerCheck(host, role, false, required, List.of(), required, ps.stderr().strip());
    }
    List<String> running =
        Arrays.stream(ps.stdout().split("\n")).map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
    Set<String> up = Set.copyOf(running);
    List<String> missing = required.stream().filter(c -> !up.contains(c)).toList();
    return new ContainerCheck(host, role, true, required, running, missing, "");
  }

  @Override
  public CommandResult pullImage(String host, String image) {
    return requireSuccess(HostSideTimeout.run(shell, host, RemoteCommand.dockerPull(image), pullTimeout));
  }

  @Override
  public CommandResult restartContainer(String host, String container) {
    return requireSuccess(shell.run(host, RemoteCommand.dockerRestart(container)));
  }

  private static CommandResult requireSuccess(CommandResult result) {
    if (!result.succeeded()) {
      throw failed(result);
    }
    return result;
  }

  private static HostException failed(CommandResult result) {
    String how =
        result.exitStatus() != null
            ? "exit status " + result.exitStatus()
            : result.exitSignal() != null ? "signal " + result.exitSignal() : "no exit status";
    return new HostException(
        Reason.COMMAND_FAILED,
        result.host(),
        "'" + result.command() + "' failed (" + how + "): " + lastLine(result.stderr()));
  }

  private static String lastLine(String text) {
    String trimmed = text.strip();
    int newline = trimmed.lastIndexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(newline + 1);
  }
}
