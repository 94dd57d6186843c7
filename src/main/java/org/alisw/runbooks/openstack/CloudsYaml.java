package org.alisw.runbooks.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.openstack.OpenStackProperties.Credentials;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a cloud from {@code clouds.yaml} the way the openstack client does: the first file found
 * on the search path ({@code OS_CLIENT_CONFIG_FILE}, {@code ./clouds.yaml}, {@code
 * ~/.config/openstack/clouds.yaml}, {@code /etc/openstack/clouds.yaml}), with the secrets of a
 * {@code secure.yaml} beside it merged in.
 */
final class CloudsYaml {

  private final List<Path> searchPath;

  CloudsYaml(List<Path> searchPath) {
    this.searchPath = List.copyOf(searchPath);
  }

  /** The openstack client's search path for this environment. */
  static CloudsYaml standard(Map<String, String> env) {
    List<Path> path = new ArrayList<>();
    String explicit = env.get("OS_CLIENT_CONFIG_FILE");
    if (explicit != null && !explicit.isBlank()) {
      path.add(Path.of(explicit));
    }
    path.add(Path.of("clouds.yaml"));
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    if (home != null) {
      path.add(Path.of(home, ".config", "openstack", "clouds.yaml"));
    }
    path.add(Path.of("/etc/openstack/clouds.yaml"));
    return new CloudsYaml(path);
  }

  /** The files looked at, in order, each marked when it does not exist or cannot be read. */
  String describeSearchPath() {
    return searchPath.stream()
        .map(f -> Files.isReadable(f) ? f.toString() : f + " (absent)")
        .toList()
        .toString();
  }

  /** The named cloud's settings, or empty when no clouds.yaml defines it. */
  Optional<Credentials> cloud(String name) {
    for (Path file : searchPath) {
      if (!Files.isReadable(file)) {
        continue;
      }
      Map<String, Object> cloud = cloudIn(file, name);
      if (cloud == null) {
        continue;
      }
      Map<String, Object> secure = cloudIn(file.resolveSibling("secure.yaml"), name);
      if (secure != null) {
        cloud = merge(cloud, secure);
      }
      return Optional.of(toCredentials(name, cloud));
    }
    return Optional.empty();
  }

  private static Map<String, Object> cloudIn(Path file, String name) {
    if (!Files.isReadable(file)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Object cloud = map(map(root).get("clouds")).get(name);
      // A file that does not define the cloud is skipped, as the openstack client skips it.
      return cloud == null ? null : map(cloud);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    over.forEach(
        (k, v) -> merged.merge(k, v, (a, b) -> a instanceof Map && b instanceof Map ? merge(map(a), map(b)) : b));
    return merged;
  }

  private static Credentials toCredentials(String name, Map<String, Object> cloud) {
    Map<String, Object> auth = map(cloud.get("auth"));
    return new Credentials(
        name,
        string(cloud.get("auth_type")),
        string(auth.get("auth_url")),
        string(auth.get("username")),
        string(auth.get("password")),
        string(auth.get("user_domain_name")),
        string(auth.get("user_domain_id")),
        string(auth.getOrDefault("project_name", auth.get("tenant_name"))),
        string(auth.getOrDefault("project_id", auth.get("tenant_id"))),
        string(auth.get("project_domain_name")),
        string(auth.get("project_domain_id")),
        string(cloud.get("region_name")),
        string(auth.get("token")),
        string(auth.get("application_credential_id")),
        string(auth.get("application_credential_secret")));
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
