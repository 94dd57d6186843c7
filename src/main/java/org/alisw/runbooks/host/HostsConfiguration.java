package org.alisw.runbooks.host;

import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The host ports (SSH, ping, puppet, docker, known_hosts) wired from {@code runbooks.hosts}. */
@Configuration(proxyBeanMethods = false)
class HostsConfiguration {

  @Bean
  HostResolver hostResolver(HostsProperties properties) {
    String file = properties.addressFile();
    return new ConfiguredHostResolver(
        properties.domainSuffix(), properties.sshPort(), file.isBlank() ? null : Path.of(file));
  }

  /** Trusted host keys in the engine's database, shared by every node (docs/hosts.md). */
  @Bean
  TrustedHostKeyStore trustedHostKeyStore(DataSource dataSource, HostsProperties properties) {
    String file = properties.ssh().knownHostsFile();
    TrustedHostKeyStore store =
        new TrustedHostKeyStore(dataSource, Clock.systemUTC(), file.isBlank() ? null : Path.of(file));
    store.createSchema();
    return store;
  }

  /**
   * Imports the configured known_hosts file once every bean exists (the sandbox's simulated hosts
   * write theirs when they start), then exports the store to it.
   */
  @Bean
  SmartInitializingSingleton trustedHostKeyImport(TrustedHostKeyStore store) {
    return store::importAndExport;
  }

  @Bean(destroyMethod = "close")
  SshConnector sshConnector(HostsProperties properties, TrustedHostKeyStore trusted) {
    return new SshConnector(properties.ssh(), System::getenv, trusted);
  }

  @Bean
  RemoteShell remoteShell(HostResolver resolver, SshConnector connector, HostsProperties properties) {
    return new SshjRemoteShell(resolver, connector, properties.ssh().commandTimeout());
  }

  @Bean
  KnownHosts knownHosts(HostResolver resolver, SshConnector connector, TrustedHostKeyStore trusted) {
    return new StoredKnownHosts(resolver, connector, trusted);
  }

  @Bean
  Reachability reachability(HostResolver resolver, HostsProperties properties) {
    HostsProperties.Ping ping = properties.ping();
    return switch (ping.method()) {
      case ICMP -> new IcmpPing(resolver, ping.command(), ping.count(), ping.timeout());
      case SSH_PORT -> new SshPortProbe(resolver, ping.count(), ping.timeout());
    };
  }

  @Bean
  Puppet puppet(RemoteShell shell, HostsProperties properties) {
    return new ShellPuppet(shell, properties.puppet().command(), properties.puppet().timeout());
  }

  @Bean
  Docker docker(RemoteShell shell, HostsProperties properties) {
    HostsProperties.Docker docker = properties.docker();
    return new ShellDocker(shell, docker.requiredContainers(), docker.pullTimeout());
  }
}
