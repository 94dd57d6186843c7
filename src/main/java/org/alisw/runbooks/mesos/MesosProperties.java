package org.alisw.runbooks.mesos;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.mesos.*}: the masters (each runs Mesos master, Marathon and ZooKeeper), their
 * standard ports, the quorum and the frameworks whose tasks count as important. Documented in
 * docs/configuration.md.
 *
 * <p>A master needs only {@code name} and {@code host} in production (the standard ports apply);
 * the sandbox sets {@code mesos-url}, {@code marathon-url} and {@code zookeeper} per master to the
 * simulators' loopback ports.
 */
@Validated
@ConfigurationProperties("runbooks.mesos")
public class MesosProperties {

  @Valid @NotEmpty private List<Master> masters = new ArrayList<>();
  private String scheme = "http";
  @Min(1) private int mesosPort = 5050;
  @Min(1) private int marathonPort = 8080;
  @Min(1) private int zookeeperPort = 2181;
  @Min(1) private int quorum = 2;
  private List<String> importantFrameworks = new ArrayList<>();
  private Duration connectTimeout = Duration.ofSeconds(3);
  private Duration requestTimeout = Duration.ofSeconds(10);
  @Min(0) private int maxRedirects = 3;

  /** One master host. */
  public static class Master {
    @NotBlank private String name;
    private String host;
    private URI mesosUrl;
    private URI marathonUrl;
    private String zookeeper;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public URI getMesosUrl() {
      return mesosUrl;
    }

    public void setMesosUrl(URI mesosUrl) {
      this.mesosUrl = mesosUrl;
    }

    public URI getMarathonUrl() {
      return marathonUrl;
    }

    public void setMarathonUrl(URI marathonUrl) {
      this.marathonUrl = marathonUrl;
    }

    public String getZookeeper() {
      return zookeeper;
    }

    public void setZookeeper(String zookeeper) {
      this.zookeeper = zookeeper;
    }
  }

  /** A master with every address resolved (explicit URL, or host + standard port). */
  public record MasterEndpoints(
      String name, URI mesos, URI marathon, String zookeeperHost, int zookeeperPort) {}

  public List<MasterEndpoints> resolvedMasters() {
    return masters.stream().map(this::resolve).toList();
  }

  private MasterEndpoints resolve(Master m) {
    String host = m.getHost() == null || m.getHost().isBlank() ? m.getName() : m.getHost();
    URI mesos =
        m.getMesosUrl() != null ? m.getMesosUrl() : URI.create(scheme + "://" + host + ":" + mesosPort);
    URI marathon =
        m.getMarathonUrl() != null
            ? m.getMarathonUrl()
            : URI.create(scheme + "://" + host + ":" + marathonPort);
    String zkHost = host;
    int zkPort = zookeeperPort;
    if (m.getZookeeper() != null && !m.getZookeeper().isBlank()) {
      String zk = m.getZookeeper().trim();
      int colon = zk.lastIndexOf(':');
      if (colon > 0) {
        zkHost = zk.substring(0, colon);
        zkPort = Integer.parseInt(zk.substring(colon + 1));
      } else {
        zkHost = zk;
      }
    }
    return new MasterEndpoints(m.getName(), mesos, marathon, zkHost, zkPort);
  }

  public List<Master> getMasters() {
    return masters;
  }

  public void setMasters(List<Master> masters) {
    this.masters = masters;
  }

  public String getScheme() {
    return scheme;
  }

  public void setScheme(String scheme) {
    this.scheme = scheme;
  }

  public int getMesosPort() {
    return mesosPort;
  }

  public void setMesosPort(int mesosPort) {
    this.mesosPort = mesosPort;
  }

  public int getMarathonPort() {
    return marathonPort;
  }

  public void setMarathonPort(int marathonPort) {
    this.marathonPort = marathonPort;
  }

  public int getZookeeperPort() {
    return zookeeperPort;
  }

  public void setZookeeperPort(int zookeeperPort) {
    this.zookeeperPort = zookeeperPort;
  }

  public int getQuorum() {
    return quorum;
  }

  public void setQuorum(int quorum) {
    this.quorum = quorum;
  }

  public List<String> getImportantFrameworks() {
    return importantFrameworks;
  }

  public void setImportantFrameworks(List<String> importantFrameworks) {
    this.importantFrameworks = importantFrameworks;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public int getMaxRedirects() {
    return maxRedirects;
  }

  public void setMaxRedirects(int maxRedirects) {
    this.maxRedirects = maxRedirects;
  }
}
