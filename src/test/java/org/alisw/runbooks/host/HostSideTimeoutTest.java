package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a long command is bounded on the host and how the host's verdict is read. */
class HostSideTimeoutTest {

  /** Answers every command with one exit status and remembers what it was asked. */
  private static final class CannedShell implements RemoteShell {
    private final int exitStatus;
    final List<String> lines = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();

    CannedShell(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    @Override
    public CommandResult run(String host, RemoteCommand command, Duration timeout) {
      lines.add(command.line());
      timeouts.add(timeout);
      return new CommandResult(host, command.line(), exitStatus, null, "partial\n", "", false, false, 5);
    }

    @Override
    public CommandResult run(String host, RemoteCommand command) {
      throw new AssertionError("a long command must be given its own timeout");
    }
  }

  @Test
  void boundsTheCommandOnTheHostAndWaitsLongerThanTheHostDoes() {
    CannedShell shell = new CannedShell(0);

    HostSideTimeout.run(shell, "alibuild01", RemoteCommand.configured("puppet agent -t"), Duration.ofMinutes(30));

    assertThat(shell.lines).containsExactly("timeout --kill-after=30s 1800 puppet agent -t");
    assertThat(shell.timeouts).containsExactly(Duration.ofSeconds(1800 + 30 + 15));
  }

  @Test
  void roundsSubSecondLimitsUpToOneSecond() {
    CannedShell shell = new CannedShell(0);

    HostSideTimeout.run(shell, "alibuild01", RemoteCommand.hostname(), Duration.ofMillis(1));

    assertThat(shell.lines).containsExactly("timeout --kill-after=30s 1 hostname");
  }

  @Test
  void killAfterIgnoredTermIsATimeoutWithItsOutput() {
    CannedShell shell = new CannedShell(137);

    assertThatThrownBy(
            () -> HostSideTimeout.run(shell, "alibuild02", RemoteCommand.dockerPull("alisw/slc7-builder"), Duration.ofMinutes(15)))
        .isInstanceOfSatisfying(
            RemoteCommandTimeoutException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(HostException.Reason.TIMEOUT);
              assertThat(e.getMessage())
                  .contains("within 900 s", "exit status 137", "ignored TERM for 30 s and was killed");
              assertThat(e.partialStdout()).isEqualTo("partial\n");
            });
  }

  @Test
  void otherExitStatusesAreReturnedAsTheyAre() {
    CommandResult result =
        HostSideTimeout.run(new CannedShell(4), "alibuild03", RemoteCommand.configured("puppet agent -t"), Duration.ofSeconds(60));

    assertThat(result.exitStatus()).isEqualTo(4);
  }
}
