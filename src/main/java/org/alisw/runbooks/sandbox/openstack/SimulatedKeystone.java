package org.alisw.runbooks.sandbox.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Call;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Response;

/**
 * Keystone v3 as the runbooks use it: {@code POST /v3/auth/tokens} with the {@code password},
 * {@code token} or {@code application_credential} method, scoped to a project by name or id; the
 * token comes back in {@code X-Subject-Token} with a service catalog (compute, volumev3, image,
 * identity; interface public) and expires after {@link #tokenLifetime()}.
 *
 * <p>Projects carry the key the data centre files servers under ({@code release-testing}), so
 * Nova shows each token the servers of its own project only.
 */
public final class SimulatedKeystone {

  /** A Keystone project; {@code key} is the project as {@link SimulatedDataCentre} knows it. */
  public record Project(String id, String key, String name, String domain) {}

  public record User(String id, String name, String domain, String password) {
    @Override
    public String toString() {
      return "User[id=" + id + ", name=" + name + ", domain=" + domain + ", password=****]";
    }
  }

  public record ApplicationCredential(String id, String secret, User user, Project project) {
    @Override
    public String toString() {
      return "ApplicationCredential[id=" + id + ", user=" + user.name() + ", project=" + project.key() + ", secret=****]";
    }
  }

  /** A token Keystone issued; {@code project} is null for an unscoped token. */
  public record IssuedToken(
      String id, User user, Project project, Instant issuedAt, Instant expiresAt, List<String> methods) {}

  private final SimulatedDataCentre dataCentre;
  private final Supplier<String> baseUrl;
  private final String region;
  private final Map<String, Project> projects = new ConcurrentHashMap<>();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, ApplicationCredential> applicationCredentials = new ConcurrentHashMap<>();
  private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final List<IssuedToken> issued = new CopyOnWriteArrayList<>();
  private volatile Duration tokenLifetime = Duration.ofHours(1);
  private final java.util.Set<String> missingServices = ConcurrentHashMap.newKeySet();

  SimulatedKeystone(SimulatedDataCentre dataCentre, Supplier<String> baseUrl, String region) {
    this.dataCentre = dataCentre;
    this.baseUrl = baseUrl;
    this.region = region;
  }

  // --- State set up by the sandbox configuration and by tests ---

  public Project addProject(String key, String name, String domain) {
    // Ids derived from the names: the same after a sandbox restart, as Keystone's are, so that
    // state kept by id (Nova's keypairs are per user) is found again.
    Project project = new Project(stableId("project", domain, key), key, name, domain);
    projects.put(project.id(), project);
    return project;
  }

  public User addUser(String name, String password, String domain) {
    User user = new User(stableId("user", domain, name), name, domain, password);
    users.put(user.id(), user);
    return user;
  }

  public ApplicationCredential addApplicationCredential(User user, Project project, String secret) {
    return addApplicationCredential(hexId(), user, project, secret);
  }

  /** An application credential with a given id, as configured for the adapter. */
  public ApplicationCredential addApplicationCredential(String id, User user, Project project, String secret) {
    ApplicationCredential credential = new ApplicationCredential(id, secret, user, project);
    applicationCredentials.put(credential.id(), credential);
    return credential;
  }

  /** Issues a token directly, as an operator's {@code openstack token issue} would. */
  public IssuedToken issueToken(User user, Project project) {
    return issue(user, project, List.of("password"));
  }

  public Optional<Project> project(String key) {
    return projects.values().stream().filter(p -> p.key().equals(key)).findFirst();
  }

  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  /** How long new tokens live (an hour by default; tests shorten it). */
  public void setTokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
  }

  /**
   * Leaves the service of this catalog type ({@code compute}, {@code volumev3}, {@code image}) out
   * of the catalogs of tokens issued from now on, as a cloud where a project lacks it.
   */
  public void removeFromCatalog(String type) {
    missingServices.add(type);
  }

  /** Every token issued so far, oldest first. */
  public List<IssuedToken> issuedTokens() {
    return List.copyOf(issued);
  }

  /** Revokes a token as {@code openstack token revoke} does. */
  public void revoke(String tokenId) {
    tokens.remove(tokenId);
  }

  /** The token, if it exists and has not expired. */
  Optional<IssuedToken> validate(String tokenId) {
    if (tokenId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(tokens.get(tokenId))
        .filter(t -> dataCentre.now().isBefore(t.expiresAt()));
  }

  // --- HTTP ---

  void registerRoutes(OpenStackSimulator simulator) {
    simulator.publicRoute("POST", "/identity/v3/auth/tokens", "keystone.tokens.create", this::createToken);
    simulator.publicRoute("GET", "/identity/v3/?", "keystone.version", c -> version());
  }

  private Response version() {
    return Response.json(
        200,
        Map.of(
            "version",
            Map.of(
                "id", "v3.14",
                "status", "stable",
                "links", List.of(Map.of("rel", "self", "href", baseUrl.get() + "/identity/v3/")))));
  }

  private Response createToken(Call call) {
    JsonNode auth = call.body().path("auth");
    JsonNode identity = auth.path("identity");
    List<String> methods = new ArrayList<>();
    identity.path("methods").forEach(m -> methods.add(m.asText()));
    if (methods.isEmpty()) {
      throw new ApiError(400, "error", "Expecting to find identity in auth.");
    }
    String method = methods.get(0);
    IssuedToken token =
        switch (method) {
          case "password" -> passwordToken(identity.path("password").path("user"), auth.path("scope"));
          case "token" -> tokenToken(identity.path("token"), auth.path("scope"));
          case "application_credential" ->
              applicationCredentialToken(identity.path("application_credential"));
          default -> throw new ApiError(401, "error", "Unsupported authentication method: " + method);
        };
    return new Response(201, Map.of("token", tokenBody(token)), Map.of("X-Subject-Token", token.id()));
  }

  private IssuedToken passwordToken(JsonNode userNode, JsonNode scope) {
    String userDomain = domainOf(userNode.path("domain"));
    Optional<User> user =
        users.values().stream()
            .filter(u -> matches(userNode, u.id(), u.name()))
            .filter(u -> userNode.has("id") || u.domain().equals(userDomain))
            .filter(u -> u.password().equals(userNode.path("password").asText()))
            .findFirst();
    if (user.isEmpty()) {
      throw unauthorized();
    }
    return issue(user.get(), scopedProject(scope), List.of("password"));
  }

  private IssuedToken tokenToken(JsonNode tokenNode, JsonNode scope) {
    IssuedToken existing = validate(tokenNode.path("id").asText(null)).orElseThrow(this::unauthorized);
    Project project = scope.isMissingNode() ? existing.project() : scopedProject(scope);
    // A token obtained from a token never outlives the original (Keystone keeps expires_at).
    IssuedToken token =
        new IssuedToken(
            hexId(), existing.user(), project, dataCentre.now(), existing.expiresAt(), List.of("token"));
    tokens.put(token.id(), token);
    issued.add(token);
    return token;
  }

  /** Always scoped to the credential's own project: Keystone ignores what the caller wanted. */
  private IssuedToken applicationCredentialToken(JsonNode node) {
    ApplicationCredential credential = applicationCredentials.get(node.path("id").asText(""));
    if (credential == null || !credential.secret().equals(node.path("secret").asText())) {
      throw unauthorized();
    }
    return issue(credential.user(), credential.project(), List.of("application_credential"));
  }

  private Project scopedProject(JsonNode scope) {
    if (scope.isMissingNode() || scope.isNull()) {
      return null;
    }
    JsonNode projectNode = scope.path("project");
    String domain = domainOf(projectNode.path("domain"));
    return projects.values().stream()
        .filter(p -> matches(projectNode, p.id(), p.name()))
        .filter(p -> projectNode.has("id") || p.domain().equals(domain))
        .findFirst()
        .orElseThrow(this::unauthorized);
  }

  private IssuedToken issue(User user, Project project, List<String> methods) {
    Instant now = dataCentre.now().truncatedTo(ChronoUnit.SECONDS);
    IssuedToken token =
        new IssuedToken("gAAAA" + hexId() + hexId(), user, project, now, now.plus(tokenLifetime), methods);
    tokens.put(token.id(), token);
    issued.add(token);
    return token;
  }

  private Map<String, Object> tokenBody(IssuedToken token) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("methods", token.methods());
    body.put("expires_at", token.expiresAt().toString().replace("Z", ".000000Z"));
    body.put("issued_at", token.issuedAt().toString().replace("Z", ".000000Z"));
    body.put("audit_ids", List.of(UUID.randomUUID().toString().substring(0, 22)));
    body.put(
        "user",
        Map.of(
            "id", token.user().id(),
            "name", token.user().name(),
            "domain", domainBody(token.user().domain())));
    if (token.project() != null) {
      Project project = token.project();
      body.put(
          "project",
          Map.of("id", project.id(), "name", project.name(), "domain", domainBody(project.domain())));
      body.put("roles", List.of(Map.of("id", "9fe2ff9ee4384b1894a90878d3e92bab", "name", "member")));
      body.put("catalog", catalog(project));
    }
    return body;
  }

  private List<Map<String, Object>> catalog(Project project) {
    String base = baseUrl.get();
    return java.util.stream.Stream.of(
            service("identity", "keystone", base + "/identity/v3"),
            service("compute", "nova", base + "/compute/v2.1"),
            service("volumev3", "cinderv3", base + "/volume/v3/" + project.id()),
            service("image", "glance", base + "/image"))
        .filter(service -> !missingServices.contains(service.get("type")))
        .toList();
  }

  private Map<String, Object> service(String type, String name, String url) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("id", hexId());
    endpoint.put("interface", "public");
    endpoint.put("region", region);
    endpoint.put("region_id", region);
    endpoint.put("url", url);
    return Map.of("id", hexId(), "type", type, "name", name, "endpoints", List.of(endpoint));
  }

  private static Map<String, String> domainBody(String domain) {
    return Map.of("id", "Default".equals(domain) ? "default" : domain.toLowerCase(), "name", domain);
  }

  private static String domainOf(JsonNode domain) {
    if (domain.has("name")) {
      return domain.get("name").asText();
    }
    if (domain.has("id")) {
      return "default".equals(domain.get("id").asText()) ? "Default" : domain.get("id").asText();
    }
    return "Default";
  }

  private static boolean matches(JsonNode node, String id, String name) {
    return node.has("id") ? node.get("id").asText().equals(id) : node.path("name").asText().equals(name);
  }

  private ApiError unauthorized() {
    return new ApiError(401, "error", "The request you have made requires authentication.");
  }

  private static String stableId(String kind, String domain, String name) {
    return UUID.nameUUIDFromBytes((kind + ":" + domain + ":" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString().replace("-", "");
  }

  private static String hexId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
