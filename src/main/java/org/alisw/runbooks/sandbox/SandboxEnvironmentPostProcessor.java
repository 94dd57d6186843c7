package org.alisw.runbooks.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Prepares the environment of the {@code sandbox} profile: refuses to run together with {@code
 * production}, adds the sandbox's accounts ({@link SandboxAccounts}), and answers {@code sandbox.port.<name>} with a free loopback port, the same one for
 * the same name within one application context. application-sandbox.yaml points the production
 * adapters at {@code http://127.0.0.1:${sandbox.port.openstack}/...}; the simulators bind the same
 * property. Likewise {@code sandbox.dir.<name>} is a fresh temporary directory per name and
 * context, for files a simulator hands to a production adapter (SSH identity, known_hosts), so
 * that two sandbox contexts in one JVM (cached test contexts) never share them. Production
 * configuration never sees these keys.
 */
public class SandboxEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  static final String PROFILE = "sandbox";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!env.matchesProfiles(PROFILE)) {
      return;
    }
    if (env.matchesProfiles("production")) {
      throw new IllegalStateException(
          "The sandbox profile simulates the infrastructure and must never run with the"
              + " production profile; remove one of them from spring.profiles.active.");
    }
    env.getPropertySources().addLast(new FreePortPropertySource());
    env.getPropertySources().addLast(SandboxAccounts.fromEnvironment(env).asPropertySource());
    env.getPropertySources().addLast(new TemporaryDirectoryPropertySource());
  }

  @Override
  public int getOrder() {
    // After ConfigDataEnvironmentPostProcessor, so that profiles from application.yaml are known.
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** {@code sandbox.port.NAME} → a free loopback port, stable per name. */
  static final class FreePortPropertySource extends PropertySource<Map<String, Integer>> {

    private static final String PREFIX = "sandbox.port.";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Every port handed out in this JVM: a port is only bound when its simulator starts, so a
     * second name asking before then would find the first name's port still free and get it too
     * (CI: "cannot start simulated-marathon-alimesos01 on port 29836: Address already in use").
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    FreePortPropertySource() {
      super("sandboxPorts", new ConcurrentHashMap<>());
    }

    @Override
    public Object getProperty(String name) {
      if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
        return null;
      }
      return getSource().computeIfAbsent(name.substring(PREFIX.length()), k -> freePort());
    }

    /**
     * A free loopback port below the kernel's ephemeral range. Ports from {@code new
     * ServerSocket(0)} come from that range, which outgoing connections draw their local ports
     * from too: between choosing such a port and the simulator binding it, a client connection
     * could take it ("Address already in use"). Below the range only another listener can.
     */
    private static int freePort() {
      int low = 10_000;
      int high = Math.max(low + 1_000, ephemeralRangeStart());
      for (int attempt = 0; attempt < 200; attempt++) {
        int candidate = low + RANDOM.nextInt(high - low);
        if (isFree(candidate) && HANDED_OUT.add(candidate)) {
          return candidate;
        }
      }
      throw new IllegalStateException("no free loopback port below " + high + " for a simulator");
    }

    private static boolean isFree(int port) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    /**
     * The start of Linux's ip_local_port_range, or of the IANA dynamic range elsewhere. Read by
     * lines: procfs files report size 0, and Files.readString returns only their first byte.
     */
    private static int ephemeralRangeStart() {
      try {
        String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
        return Integer.parseInt(range.split("\\s+")[0]);
      } catch (IOException | RuntimeException e) {
        return 49_152;
      }
    }
  }

  /** {@code sandbox.dir.NAME} → a new temporary directory, stable per name. */
  static final class TemporaryDirectoryPropertySource extends PropertySource<Map<String, String>> {

    private static final String PREFIX = "sandbox.dir.";

    TemporaryDirectoryPropertySource() {
      super("sandboxDirectories", new ConcurrentHashMap<>());
    }

    @Override
    public Object getProperty(String name) {
      if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
        return null;
      }
      return getSource().computeIfAbsent(name.substring(PREFIX.length()), k -> newDirectory(k));
    }

    private static void deleteTree(Path root) {
      try (var paths = Files.walk(root)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // a leftover temporary directory is harmless
      }
    }

    private static String newDirectory(String name) {
      try {
        File directory = Files.createTempDirectory("infra-runbooks-sandbox-" + name + "-").toFile();
        directory.deleteOnExit();
        if ("world".equals(name)) {
          // A world kept for one test JVM only (tests point runbooks.sandbox.data-directory here).
          Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(directory.toPath()), "sandbox-world-cleanup"));
        }
        return directory.getAbsolutePath();
      } catch (IOException e) {
        throw new UncheckedIOException("no temporary directory for a simulator", e);
      }
    }
  }
}
