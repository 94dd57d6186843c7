package org.alisw.runbooks.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.alisw.runbooks.mesos.MesosProperties.MasterEndpoints;
import org.alisw.runbooks.http.WholeExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterPort} over the masters' HTTP APIs (Mesos {@code /master/*}, Marathon {@code /ping}
 * and {@code /v2/info}) and ZooKeeper's {@code srvr} four-letter word over TCP. Every call has a
 * connect and a request timeout; redirects are followed by hand (Mesos answers 307 with a
 * protocol-relative {@code Location: //leader:5050/...}) so that the adapter knows who answered.
 */
public class MesosClusterClient implements ClusterPort {

  private static final Logger log = LoggerFactory.getLogger(MesosClusterClient.class);

  private final List<MasterEndpoints> masters;
  private final int quorum;
  private final List<Pattern> importantFrameworks;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxRedirects;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public MesosClusterClient(MesosProperties properties) {
    this.masters = properties.resolvedMasters();
    this.quorum = properties.getQuorum();
    this.importantFrameworks =
        properties.getImportantFrameworks().stream().map(MesosClusterClient::glob).toList();
    this.connectTimeout = properties.getConnectTimeout();
    this.requestTimeout = properties.getRequestTimeout();
    this.maxRedirects = properties.getMaxRedirects();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public List<String> masters() {
    return masters.stream().map(MasterEndpoints::name).toList();
  }

  // --- leader -------------------------------------------------------------------------------

  @Override
  public Optional<MesosLeader> leader() {
    for (MasterEndpoints m : masters) {
      Optional<MesosLeader> leader = leaderAccordingTo(m);
      if (leader.isPresent()) {
        return leader;
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<MesosLeader> leaderAccordingTo(String master) {
    return leaderAccordingTo(endpoints(master));
  }

  private Optional<MesosLeader> leaderAccordingTo(MasterEndpoints m) {
    try {
      Fetched state = get(m.mesos(), "/master/state");
      if (state.status() != 200) {
        log.info("Mesos master {} knows no leader: HTTP {} {}", m.name(), state.status(), brief(state.body()));
        return Optional.empty();
      }
      JsonNode node = json.readTree(state.body());
      String pid = node.path("leader").asText(null);
      if (pid == null || pid.isEmpty()) {
        return Optional.empty();
      }
      JsonNode info = node.path("leader_info");
      String hostname;
      int port;
      if (info.hasNonNull("hostname") && info.hasNonNull("port")) {
        hostname = info.get("hostname").asText();
        port = info.get("port").asInt();
      } else {
        // master@IP:PORT
        String address = pid.substring(pid.indexOf('@') + 1);
        hostname = address.substring(0, address.lastIndexOf(':'));
        port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      }
      String name = masterAt(hostname, port, true).orElse(null);
      return Optional.of(new MesosLeader(name, hostname, port, pid, m.name(), state.redirected()));
    } catch (IOException | RuntimeException e) {
      log.info("Mesos master {} did not tell the leader: {}", m.name(), e.toString());
      return Optional.empty();
    }
  }

  @Override
  public boolean leadershipMovedAwayFrom(String master) {
    endpoints(master);
    return leader().map(l -> !l.is(master) && !sameAddress(l, endpoints(master))).orElse(false);
  }

  private boolean sameAddress(MesosLeader leader, MasterEndpoints m) {
    return leader.hostname().equalsIgnoreCase(m.mesos().getHost()) && leader.port() == port(m.mesos());
  }

  // --- health -------------------------------------------------------------------------------

  @Override
  public ClusterHealth health() {
    List<MasterHealth> healths = new ArrayList<>();
    for (MasterEndpoints m : masters) {
      healths.add(masterHealth(m));
    }
    return new ClusterHealth(healths, leader(), quorum);
  }

  private MasterHealth masterHealth(MasterEndpoints m) {
    try {
      Fetched health = getOnce(m.mesos().resolve("/health"));
      if (health.status() != 200) {
        return new MasterHealth(m.name(), false, null, "/health answered HTTP " + health.status());
      }
      Fetched redirect = getOnce(m.mesos().resolve("/master/redirect"));
      if (redirect.status() == 307 && redirect.location() != null) {
        URI leader = redirect.uri().resolve(redirect.location());
        String seen =
            masterAt(leader.getHost(), port(leader), true)
                .orElse(leader.getHost() + ":" + port(leader));
        return new MasterHealth(m.name(), true, seen, null);
      }
      return new MasterHealth(
          m.name(), true, null, "no leader: HTTP " + redirect.status() + " " + brief(redirect.body()));
    } catch (IOException e) {
      return new MasterHealth(m.name(), false, null, "unreachable: " + e);
    }
  }

  // --- agents and tasks ---------------------------------------------------------------------

  @Override
  public List<MesosAgent> agents() {
    JsonNode slaves = fromLeader("/master/slaves");
    List<MesosAgent> agents = new ArrayList<>();
    for (JsonNode s : slaves.path("slaves")) {
      agents.add(
          new MesosAgent(
              s.path("id").asText(),
              s.path("hostname").asText(),
              s.path("active").asBoolean(true),
              s.path("pid").asText(null)));
    }
    return agents;
  }

  @Override
  public AgentTasks tasksOn(String agentHostname) {
    Optional<MesosAgent> agent =
        agents().stream().filter(a -> sameHost(a.hostname(), agentHostname)).findFirst();
    if (agent.isEmpty()) {
      return new AgentTasks(agentHostname, null, List.of());
    }
    String agentId = agent.get().id();
    JsonNode frameworks = fromLeader("/master/frameworks");
    List<MesosTask> tasks = new ArrayList<>();
    for (JsonNode f : frameworks.path("frameworks")) {
      String frameworkId = f.path("id").asText();
      String frameworkName = f.path("name").asText();
      boolean important = isImportant(frameworkName);
      for (JsonNode t : f.path("tasks")) {
        if (agentId.equals(t.path("slave_id").asText())) {
          tasks.add(
              new MesosTask(
                  t.path("id").asText(),
                  t.path("name").asText(),
                  t.path("state").asText(),
                  t.path("framework_id").asText(frameworkId),
                  frameworkName,
                  important));
        }
      }
    }
    return new AgentTasks(agent.get().hostname(), agentId, tasks);
  }

  boolean isImportant(String frameworkName) {
    return importantFrameworks.stream().anyMatch(p -> p.matcher(frameworkName).matches());
  }

  private JsonNode fromLeader(String path) {
    List<String> failures = new ArrayList<>();
    for (MasterEndpoints m : masters) {
      try {
        Fetched f = get(m.mesos(), path);
        if (f.status() == 200) {
          return json.readTree(f.body());
        }
        failures.add(m.name() + ": HTTP " + f.status() + " " + brief(f.body()));
      } catch (IOException e) {
        failures.add(m.name() + ": " + e);
      }
    }
    throw new ClusterUnavailableException("no Mesos master answered " + path + ": " + failures);
  }

  // --- Marathon -----------------------------------------------------------------------------

  @Override
  public List<MarathonStatus> marathon() {
    List<MarathonStatus> result = new ArrayList<>();
    for (MasterEndpoints m : masters) {
      result.add(marathon(m));
    }
    return result;
  }

  private MarathonStatus marathon(MasterEndpoints m) {
    boolean pong;
    try {
      Fetched ping = getOnce(m.marathon().resolve("/ping"));
      pong = ping.status() == 200 && ping.body().trim().equals("pong");
    } catch (IOException e) {
      return new MarathonStatus(m.name(), false, null, false, null, "unreachable: " + e);
    }
    try {
      Fetched info = getOnce(m.marathon().resolve("/v2/info"));
      if (info.status() != 200) {
        return new MarathonStatus(
            m.name(), pong, null, false, null, "/v2/info answered HTTP " + info.status() + " " + brief(info.body()));
      }
      JsonNode node = json.readTree(info.body());
      String leader = node.path("leader").asText(null);
      String leaderName = null;
      if (leader != null && leader.contains(":")) {
        String host = leader.substring(0, leader.lastIndexOf(':'));
        int port = Integer.parseInt(leader.substring(leader.lastIndexOf(':') + 1));
        leaderName = masterAt(host, port, false).orElse(leader);
      }
      return new MarathonStatus(
          m.name(), pong, leaderName, node.path("elected").asBoolean(false), node.path("version").asText(null), null);
    } catch (IOException | RuntimeException e) {
      return new MarathonStatus(m.name(), pong, null, false, null, "/v2/info failed: " + e);
    }
  }

  // --- ZooKeeper ----------------------------------------------------------------------------

  @Override
  public ZooKeeperEnsemble zooKeeper() {
    List<ZooKeeperStatus> servers = new ArrayList<>();
    for (MasterEndpoints m : masters) {
      try {
        servers.add(ZooKeeperSrvr.parse(m.name(), fourLetterWord(m.zookeeperHost(), m.zookeeperPort(), "srvr")));
      } catch (IOException e) {
        servers.add(ZooKeeperStatus.failed(m.name(), ZooKeeperMode.UNREACHABLE, "unreachable: " + e));
      }
    }
    return new ZooKeeperEnsemble(servers);
  }

  /** Sends a four-letter word and reads the answer until the server closes the connection. */
  String fourLetterWord(String host, int port, String word) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
      socket.setSoTimeout((int) requestTimeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(word.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      long deadline = System.nanoTime() + requestTimeout.toNanos();
      int n;
      while ((n = in.read(buffer)) != -1) {
        answer.write(buffer, 0, n);
        if (answer.size() > 1 << 20 || System.nanoTime() > deadline) {
          break;
        }
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  // --- HTTP ---------------------------------------------------------------------------------

  record Fetched(URI uri, int status, String body, String location, boolean redirected) {}

  /** GET base+path, following up to maxRedirects redirects (Mesos' protocol-relative ones too). */
  private Fetched get(URI base, String path) throws IOException {
    URI uri = base.resolve(path);
    boolean redirected = false;
    for (int hop = 0; ; hop++) {
      Fetched f = getOnce(uri);
      boolean isRedirect = f.status() == 301 || f.status() == 302 || f.status() == 303
          || f.status() == 307 || f.status() == 308;
      if (!isRedirect || f.location() == null || hop >= maxRedirects) {
        return new Fetched(f.uri(), f.status(), f.body(), f.location(), redirected);
      }
      uri = uri.resolve(f.location());
      redirected = true;
    }
  }

  private Fetched getOnce(URI uri) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      // The timeout covers the body too: a master that stalls mid-answer counts as not answering.
      HttpResponse<String> response = WholeExchange.send(http, request, requestTimeout);
      return new Fetched(
          uri,
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Location").orElse(null),
          false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + uri, e);
    }
  }

  // --- addresses ----------------------------------------------------------------------------

  private MasterEndpoints endpoints(String master) {
    return masters.stream()
        .filter(m -> m.name().equals(master))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown Mesos master " + master + "; configured: " + masters()));
  }

  /** The configured master whose Mesos (or Marathon) address is host:port. */
  private Optional<String> masterAt(String host, int port, boolean mesos) {
    for (MasterEndpoints m : masters) {
      URI uri = mesos ? m.mesos() : m.marathon();
      if (port(uri) == port && (sameHost(uri.getHost(), host) || sameHost(m.name(), host))) {
        return Optional.of(m.name());
      }
    }
    for (MasterEndpoints m : masters) {
      URI uri = mesos ? m.mesos() : m.marathon();
      if (port(uri) == port && sameAddress(uri.getHost(), host)) {
        return Optional.of(m.name());
      }
    }
    return Optional.empty();
  }

  private static boolean sameHost(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    return !isIp(a) && !isIp(b) && shortName(a).equalsIgnoreCase(shortName(b));
  }

  private static boolean sameAddress(String configuredHost, String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(configuredHost)) {
        if (a.getHostAddress().equals(host)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static boolean isIp(String s) {
    return s.matches("[0-9.]+") || s.contains(":");
  }

  private static String shortName(String host) {
    int dot = host.indexOf('.');
    return dot > 0 ? host.substring(0, dot) : host;
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String brief(String body) {
    if (body == null) {
      return "";
    }
    String s = body.strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** A case-insensitive glob ({@code *} matches anything) for a framework name. */
  static Pattern glob(String glob) {
    String regex =
        Arrays.stream(glob.trim().split("\\*", -1))
            .map(part -> part.isEmpty() ? "" : Pattern.quote(part))
            .collect(Collectors.joining(".*"));
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
