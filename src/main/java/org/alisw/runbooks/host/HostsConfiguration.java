package org.alisw.runbooks.host;

import java.nio.file.Path;
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

  @Bean(destroyMethod = "close")
  SshConnector sshConnector(HostsProperties properties) {
    return new SshConnector(properties.ssh(), System::getenv);
  }

  @Bean
  RemoteShell remoteShell(HostResolver resolver, SshConnector connector, HostsProperties properties) {
    return new SshjRemoteShell(resolver, connector, properties.ssh().commandTimeout());
  }

  @Bean
  KnownHosts knownHosts(HostResolver resolver, SshConnector connector) {
    return new KnownHostsFile(resolver, connector);
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
