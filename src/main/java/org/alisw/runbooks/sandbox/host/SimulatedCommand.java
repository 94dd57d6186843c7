package org.alisw.runbooks.sandbox.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.alisw.runbooks.sandbox.host.HostCommandHandler.Answer;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec request on a simulated host, answered off the SSH I/O threads: output written and
 * flushed first, then the exit status, as sshd requires. An injected fault may slow it down or kill
 * it with SIGKILL (an exit-signal request instead of an exit status). A command whose client went
 * away keeps running, as on hosts with OpenSSH older than 7.9.
 */
final class SimulatedCommand implements Command {

  private static final Logger log = LoggerFactory.getLogger(SimulatedCommand.class);

  /** What the host does with the command: an answer, after an optional delay, or a kill. */
  interface Execution {
    /** The answer, or null to be killed. May sleep: it runs on its own thread. */
    Answer run() throws InterruptedException;
  }

  private final ExecutorService executor;
  private final Execution execution;
  private final java.util.function.Consumer<Integer> recorder;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;

  SimulatedCommand(
      ExecutorService executor, Execution execution, java.util.function.Consumer<Integer> recorder) {
    this.executor = executor;
    this.execution = execution;
    this.recorder = recorder;
  }

  @Override
  public void setInputStream(InputStream in) {
    // The simulated commands read nothing.
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    executor.submit(() -> execute(channel));
  }

  /**
   * The channel closed. Like OpenSSH before 7.9 (CentOS 7 ships 7.4) with a command without a pty,
   * the command is NOT stopped: it runs to its end and its exit status is still recorded. Only a
   * {@code timeout} prefix on the command line bounds it on the host.
   */
  @Override
  public void destroy(ChannelSession channel) {
    // Intentionally left running; SimulatedHosts.close() interrupts whatever is left.
  }

  private void execute(ChannelSession channel) {
    try {
      Answer answer = execution.run();
      if (answer == null) {
        recorder.accept(null);
        killed(channel);
        return;
      }
      recorder.accept(answer.exitStatus());
      // Both streams concurrently would be closer to a real process; sequentially is enough to
      // need a client that reads them at once, since the stderr write waits on the window too.
      out.write(answer.stdout().getBytes(StandardCharsets.UTF_8));
      out.flush();
      err.write(answer.stderr().getBytes(StandardCharsets.UTF_8));
      err.flush();
      exit.onExit(answer.exitStatus());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // The client gave up (closed the channel) before the command ended.
      log.debug("Simulated command lost its channel: {}", e.toString());
    }
  }

  /** Reports death by SIGKILL the way OpenSSH does (RFC 4254 6.10), then closes the channel. */
  private static void killed(ChannelSession channel) throws IOException {
    Session session = channel.getSession();
    Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
    buffer.putUInt(channel.getRecipient());
    buffer.putString("exit-signal");
    buffer.putBoolean(false);
    buffer.putString("KILL");
    buffer.putBoolean(false);
    buffer.putString("Killed");
    buffer.putString("");
    session.writePacket(buffer);
    channel.close(false);
  }
}
