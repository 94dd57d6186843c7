package org.alisw.runbooks.e2e.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.mesos.MesosProperties;
import org.alisw.runbooks.roger.RogerProperties;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatorsMode;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.PropertySource;

/**
 * The sandbox's simulators (OpenStack, SSH hosts, Foreman, Certmgr, Roger, Mesos) in the test's
 * own JVM, in a small Spring context of just the sandbox's configurations: the engine runs as a
 * child process ({@link EngineProcess}) and can be killed without the simulated data centre, its
 * faults or its call counts going with it. {@link #engineArguments()} tells an engine started with
 * {@code runbooks.sandbox.simulators=external} where they listen.
 */
public final class Simulators implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final Path sshDirectory;

  private Simulators(ConfigurableApplicationContext context, Path sshDirectory) {
    this.context = context;
    this.sshDirectory = sshDirectory;
  }

  /**
   * Starts them, keeping their world in {@code directory}/world and the SSH files (identity,
   * known_hosts, addresses) in {@code directory}/ssh; {@code arguments} are further
   * {@code --name=value} settings (timings, faults at start-up, another world directory or
   * {@code none}).
   */
  public static Simulators start(Path directory, String... arguments) {
    Path ssh = directory.resolve("ssh").toAbsolutePath();
    List<String> args = new ArrayList<>(List.of(
        "--runbooks.sandbox.ssh.directory=" + ssh,
        "--spring.main.banner-mode=off",
        "--spring.jmx.enabled=false"));
    String world = "--" + SandboxWorld.DIRECTORY_PROPERTY + "=";
    if (Arrays.stream(arguments).noneMatch(a -> a.startsWith(world))) {
      args.add(world + directory.resolve("world").toAbsolutePath()); // a repeated argument would be read as a list
    }
    args.addAll(List.of(arguments));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SimulatorsOnly.class)
            .profiles("sandbox")
            .web(WebApplicationType.NONE)
            .registerShutdownHook(false)
            .run(args.toArray(String[]::new));
    return new Simulators(context, ssh);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** Where each simulator listens: {@code sandbox.port.NAME} as this context resolved them. */
  @SuppressWarnings("unchecked")
  public Map<String, Integer> ports() {
    PropertySource<?> ports = context.getEnvironment().getPropertySources().get("sandboxPorts");
    return new TreeMap<>((Map<String, Integer>) ports.getSource());
  }

  /** The arguments that point an engine's production adapters at these simulators. */
  public List<String> engineArguments() {
    List<String> args = new ArrayList<>();
    args.add("--" + SimulatorsMode.PROPERTY + "=" + SimulatorsMode.EXTERNAL);
    ports().forEach((name, port) -> args.add("--sandbox.port." + name + "=" + port));
    args.add("--runbooks.sandbox.ssh.directory=" + sshDirectory);
    return args;
  }

  @Override
  public void close() {
    context.close();
  }

  /**
   * The simulators' configurations (package-private, hence scanned by name) and the production
   * properties they read the ports and credentials from; no engine, no web server.
   */
  @SpringBootConfiguration
  @EnableConfigurationProperties({
    CertmgrProperties.class, ForemanProperties.class, RogerProperties.class, MesosProperties.class
  })
  @ComponentScan(
      basePackages = "org.alisw.runbooks.sandbox",
      useDefaultFilters = false,
      includeFilters =
          @ComponentScan.Filter(
              type = FilterType.REGEX,
              pattern = "org\\.alisw\\.runbooks\\.sandbox\\.(\\w+\\.)?\\w*SandboxConfiguration"))
  static class SimulatorsOnly {}
}
