package org.alisw.runbooks.sandbox.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;

/**
 * What a simulated host answers to the commands the runbooks send, from the shared data centre's
 * state. A host is "converged" once a clean puppet run happened in its current generation (the
 * seeded machines start converged); before that, docker is not running on it, as on a freshly
 * installed VM.
 */
final class HostCommandHandler {

  /** What a command printed and how it exited. */
  record Answer(int exitStatus, String stdout, String stderr) {
    static Answer ok(String stdout) {
      return new Answer(0, stdout, "");
    }
  }

  private static final String DOCKER_DOWN =
      "Cannot connect to the Docker daemon at unix:///var/run/docker.sock."
          + " Is the docker daemon running?\n";

  /** What a changed credentials file contains: printed by puppet only when it shows diffs. */
  static final String SIMULATED_SECRET_LINE = "alibuild-mesos-principal s1mulated-mesos-secret";

  private final SimulatedDataCentre dataCentre;
  private final Map<String, Integer> convergedGeneration = new ConcurrentHashMap<>();
  private final Map<String, Integer> puppetNoise = new ConcurrentHashMap<>();
  private final Map<String, Integer> runsSinceInstall = new ConcurrentHashMap<>();
  private volatile int failuresAfterInstall;

  HostCommandHandler(SimulatedDataCentre dataCentre) {
    this.dataCentre = dataCentre;
  }

  /** The machine is installed and configured as of its current generation. */
  void markConverged(SimulatedServer server) {
    convergedGeneration.put(server.id(), server.generation());
  }

  /** Which installations have converged and how far the others are, for the sandbox's world. */
  record Snapshot(
      Map<String, Integer> convergedGeneration, Map<String, Integer> runsSinceInstall, Map<String, Integer> puppetNoise) {}

  Snapshot snapshot() {
    return new Snapshot(Map.copyOf(convergedGeneration), Map.copyOf(runsSinceInstall), Map.copyOf(puppetNoise));
  }

  void restore(Snapshot snapshot) {
    replace(convergedGeneration, snapshot.convergedGeneration());
    replace(runsSinceInstall, snapshot.runsSinceInstall());
    replace(puppetNoise, snapshot.puppetNoise());
  }

  private static void replace(Map<String, Integer> map, Map<String, Integer> with) {
    map.clear();
    if (with != null) {
      map.putAll(with);
    }
  }

  /** The first {@code runs} puppet runs after a machine is created or rebuilt fail. */
  void setFailuresAfterInstall(int runs) {
    this.failuresAfterInstall = runs;
  }

  /** Every puppet run on {@code host} also prints {@code bytes} of debug lines on each stream. */
  void setPuppetNoise(String host, int bytes) {
    puppetNoise.put(host, bytes);
  }

  /** What {@code line} answers right away. */
  Answer answer(SimulatedServer server, String line) {
    try {
      return answer(server, line, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted without any delay", e);
    }
  }

  /**
   * What {@code line} answers when the command takes {@code delay} (a slow host) before it would
   * finish. Under a {@code timeout} prefix shorter than that, the command is stopped at the limit
   * (TERM, which the simulated commands honour): exit status 124 and nothing changed on the host.
   * May sleep: it runs on the command's own thread.
   */
  Answer answer(SimulatedServer server, String line, Duration delay) throws InterruptedException {
    List<String> words;
    try {
      words = ShellWords.split(line);
    } catch (ShellWords.UnsupportedSyntax e) {
      return new Answer(2, "", "bash: " + e.getMessage() + "\n");
    }
    Optional<TimeoutPrefix> prefix;
    try {
      prefix = TimeoutPrefix.parse(words);
    } catch (IllegalArgumentException e) {
      return new Answer(125, "", "timeout: " + e.getMessage() + "\n");
    }
    if (prefix.isPresent()) {
      Duration limit = prefix.get().limit();
      // "timeout 0" means no limit, as in coreutils.
      if (!limit.isZero() && delay.compareTo(limit) > 0) {
        sleep(limit);
        return new Answer(TimeoutPrefix.TIMED_OUT, "", "");
      }
      words = prefix.get().command();
    }
    sleep(delay);
    return answer(server, words);
  }

  private static void sleep(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      Thread.sleep(duration.toMillis());
    }
  }

  private Answer answer(SimulatedServer server, List<String> words) {
    if (words.isEmpty()) {
      return Answer.ok("");
    }
    if (words.equals(List.of("hostname"))) {
      return Answer.ok(server.name() + "\n");
    }
    if (words.size() >= 2 && words.get(0).equals("puppet") && words.get(1).equals("agent")) {
      return puppetAgent(server, words.subList(2, words.size()));
    }
    if (words.get(0).equals("docker")) {
      return docker(server, words.subList(1, words.size()));
    }
    return new Answer(127, "", "bash: " + words.get(0) + ": command not found\n");
  }

  /**
   * {@code puppet agent OPTIONS}: the options read as Puppet 7 reads them ({@link
   * SimulatedPuppetAgent}: {@code -t} forces the diff on, colours, detailed exit codes), the run
   * itself is {@link #puppet}.
   */
  private Answer puppetAgent(SimulatedServer server, List<String> options) {
    SimulatedPuppetAgent agent;
    try {
      agent = SimulatedPuppetAgent.parse(options);
    } catch (IllegalArgumentException e) {
      return SimulatedPuppetAgent.refused(e);
    }
    if (!agent.runsOnceInForeground()) {
      return SimulatedPuppetAgent.daemonized();
    }
    return agent.present(puppet(server, agent.showDiff()));
  }

  private static String installation(SimulatedServer server) {
    return server.id() + "#" + server.generation();
  }

  private boolean converged(SimulatedServer server) {
    Integer generation = convergedGeneration.get(server.id());
    return generation != null && generation == server.generation();
  }

  private Answer puppet(SimulatedServer server, boolean showDiff) {
    if (!server.hasPuppetCertificate(dataCentre.now())) {
      return withoutCertificate(server);
    }
    boolean converged = converged(server);
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    noise(server.name(), out, err);
    out.append("Info: Using environment 'production'\n")
        .append("Info: Retrieving pluginfacts\n")
        .append("Info: Retrieving plugin\n")
        .append("Info: Loading facts\n")
        .append("Info: Caching catalog for ").append(server.name()).append(".cern.ch\n")
        .append("Info: Applying configuration version '").append(1_700_000_000 + server.generation())
        .append("'\n");
    int run = converged ? 0 : runsSinceInstall.merge(installation(server), 1, Integer::sum);
    boolean failsAfterInstall = !converged && run <= failuresAfterInstall;
    if (server.nextPuppetRunFails() | failsAfterInstall) {
      err.append("Error: /Stage[main]/Hg_alibuild::Mesos::Common/Package[mesos]: Could not evaluate:"
              + " Execution of '/usr/bin/yum -d 0 -e 0 -y install mesos' returned 1:"
              + " Error downloading packages\n")
          .append("Error: Could not apply complete catalog: Found 1 dependency cycle\n");
      out.append("Notice: Applied catalog in 3.17 seconds\n");
      return new Answer(converged ? 4 : 6, out.toString(), err.toString());
    }
    boolean changed = !converged;
    if (changed) {
      credentials(server, showDiff, out);
    }
    if (server.role() == Role.MASTER) {
      Set<String> missing = new TreeSet<>(SimulatedDataCentre.MASTER_CONTAINERS);
      missing.removeAll(server.runningContainers());
      for (String container : missing) {
        out.append("Notice: /Stage[main]/Hg_alibuild::Mesos::Master/Docker::Run[").append(container)
            .append("]/Service[docker-").append(container)
            .append("]/ensure: ensure changed 'stopped' to 'running'\n");
      }
      changed |= !missing.isEmpty();
      server.startContainers(SimulatedDataCentre.MASTER_CONTAINERS);
    }
    markConverged(server);
    out.append("Notice: Applied catalog in 4.21 seconds\n");
    return new Answer(changed ? 2 : 0, out.toString(), err.toString());
  }

  /**
   * A machine that booted without a Certmgr staging has no certificate; the agent makes a key and a
   * request, the CA (Certmgr) does not sign it, and {@code -t} (waitforcert 0) gives up: exit 1, no
   * catalog, no report. docs/certmgr.md has the wording and where it comes from.
   */
  private static Answer withoutCertificate(SimulatedServer server) {
    String fqdn = server.name() + ".cern.ch";
    String out =
        "Info: Creating a new SSL key for " + fqdn + "\n"
            + "Info: Caching certificate for ca\n"
            + "Info: Creating a new SSL certificate request for " + fqdn + "\n"
            + "Info: Certificate Request fingerprint (SHA256): "
            + sha256(fqdn).substring(0, 32).toUpperCase().replaceAll("(..)(?!$)", "$1:") + "\n"
            + "Exiting; failed to retrieve certificate and waitforcert is disabled\n";
    String err =
        "Error: Could not request certificate: Error 403 on SERVER: " + fqdn
            + " is not staged in Certmgr: no certificate can be issued for it\n";
    return new Answer(1, out, err);
  }

  /**
   * The change of a file with a secret in it, as puppet reports it: when it shows diffs ({@code
   * --show_diff}, or {@code -t} whatever else is given) the unified diff, secret included,
   * otherwise only the checksums.
   */
  private static void credentials(SimulatedServer server, boolean showDiff, StringBuilder out) {
    String resource = "Notice: /Stage[main]/Hg_alibuild::Mesos::Common/File[/etc/mesos/credentials]/content: ";
    if (showDiff) {
      out.append(resource).append('\n')
          .append("--- /etc/mesos/credentials\t2026-11-25 00:00:00.000000000 +0000\n")
          .append("+++ /tmp/puppet-file20261125-1-1x2y3z\t2026-11-25 00:00:01.000000000 +0000\n")
          .append("@@ -0,0 +1 @@\n")
          .append("+").append(SIMULATED_SECRET_LINE).append('\n');
    }
    out.append(resource).append("content changed '{md5}d41d8cd98f00b204e9800998ecf8427e' to '{md5}")
        .append(sha256(server.name()), 0, 32).append("'\n");
  }

  private void noise(String host, StringBuilder out, StringBuilder err) {
    int bytes = puppetNoise.getOrDefault(host, 0);
    String debug = "Debug: Puppet::Type::Package::ProviderYum: Executing '/usr/bin/rpm -q mesos'\n";
    for (int written = 0; written < bytes; written += debug.length()) {
      out.append(debug);
      err.append(debug);
    }
  }

  private Answer docker(SimulatedServer server, List<String> arguments) {
    if (!converged(server)) {
      return new Answer(1, "", DOCKER_DOWN);
    }
    if (arguments.equals(List.of("ps", "--format", "{{.Names}}"))) {
      StringBuilder out = new StringBuilder();
      new TreeSet<>(server.runningContainers()).forEach(name -> out.append(name).append('\n'));
      return Answer.ok(out.toString());
    }
    if (arguments.size() == 2 && arguments.get(0).equals("pull")) {
      return pull(server, arguments.get(1));
    }
    if (arguments.size() == 2 && arguments.get(0).equals("restart")) {
      return restart(server, arguments.get(1));
    }
    return new Answer(125, "", "docker: unknown or unsupported command: " + String.join(" ", arguments) + "\n");
  }

  private Answer pull(SimulatedServer server, String image) {
    boolean tagged = image.lastIndexOf(':') > image.lastIndexOf('/');
    String reference = tagged ? image : image + ":latest";
    String tag = reference.substring(reference.lastIndexOf(':') + 1);
    boolean present = server.pulledImages().contains(reference);
    server.pullImage(reference);
    StringBuilder out = new StringBuilder();
    if (!tagged) {
      out.append("Using default tag: latest\n");
    }
    out.append(tag).append(": Pulling from ").append(image, 0, image.length() - (tagged ? tag.length() + 1 : 0))
        .append('\n')
        .append("Digest: sha256:").append(sha256(reference)).append('\n')
        .append(present ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
        .append(reference).append('\n')
        .append("docker.io/").append(reference).append('\n');
    return Answer.ok(out.toString());
  }

  private Answer restart(SimulatedServer server, String container) {
    boolean exists =
        server.runningContainers().contains(container)
            || (server.role() == Role.MASTER && SimulatedDataCentre.MASTER_CONTAINERS.contains(container));
    if (!exists) {
      return new Answer(1, "", "Error response from daemon: No such container: " + container + "\n");
    }
    dataCentre.restartContainer(server.name(), container);
    return Answer.ok(container + "\n");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
