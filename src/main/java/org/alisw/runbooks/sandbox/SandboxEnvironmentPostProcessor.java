package org.alisw.runbooks.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
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

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback port for a simulator", e);
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

    private static String newDirectory(String name) {
      try {
        File directory = Files.createTempDirectory("infra-runbooks-sandbox-" + name + "-").toFile();
        directory.deleteOnExit();
        return directory.getAbsolutePath();
      } catch (IOException e) {
        throw new UncheckedIOException("no temporary directory for a simulator", e);
      }
    }
  }
}
