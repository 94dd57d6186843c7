package org.alisw.runbooks.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.alisw.runbooks.openstack.CloudVolume;

/**
 * Hosts the guide forbids touching, per operation. Names compare case-insensitively and without
 * their domain ({@code ALIBUILD03.cern.ch} is {@code alibuild03}). A volume is protected when it is
 * attached to a protected host or named after one ({@code alibuild03.cern.ch_vol_001} as ai-bs
 * names it, {@code alibuild03-vdb}): a detached volume of alibuild03 is still its volume.
 */
public class ProtectedHosts {

  private final Set<String> rebuild;
  private final Set<String> delete;
  private final Set<String> deleteVolume;

  public ProtectedHosts(Collection<String> rebuild, Collection<String> delete, Collection<String> deleteVolume) {
    this.rebuild = normalised(rebuild);
    this.delete = normalised(delete);
    this.deleteVolume = normalised(deleteVolume);
  }

  public static ProtectedHosts of(ProtectedHostsProperties properties) {
    return new ProtectedHosts(properties.rebuild(), properties.delete(), properties.deleteVolume());
  }

  /** "YOU SHOULD NEVER REBUILD ALIBUILD03 and ALIBUILD09". */
  public void requireRebuildAllowed(String hostname) {
    if (rebuild.contains(shortName(hostname))) {
      throw new PolicyViolation(
          "Never rebuild " + shortName(hostname) + ": the guide protects " + rebuild
              + " from rebuilds (runbooks.policy.protected-hosts.rebuild).");
    }
  }

  /** "WHATEVER YOU DO, NEVER DELETE ALIBUILD03". */
  public void requireDeleteAllowed(String hostname) {
    if (delete.contains(shortName(hostname))) {
      throw new PolicyViolation(
          "Never delete " + shortName(hostname) + ": the guide protects " + delete
              + " from deletion (runbooks.policy.protected-hosts.delete).");
    }
  }

  /**
   * "... OR ITS ATTACHED VOLUME": refuses a volume attached to a protected host (by the attachment
   * Cinder reports, whatever host the runbook is about) or named after one.
   *
   * @param serverNames the name of the server with a given id, null when unknown
   */
  public void requireVolumeDeleteAllowed(CloudVolume volume, Function<String, String> serverNames) {
    for (CloudVolume.Attachment attachment : volume.attachments()) {
      String server = serverNames.apply(attachment.serverId());
      if (server != null && deleteVolume.contains(shortName(server))) {
        throw new PolicyViolation(
            "Never delete volume " + describe(volume) + ": it is attached to " + shortName(server)
                + ", whose volumes the guide protects (runbooks.policy.protected-hosts.delete-volume).");
      }
    }
    String owner = namedAfter(volume.name());
    if (owner != null) {
      throw new PolicyViolation(
          "Never delete volume " + describe(volume) + ": it is named after " + owner
              + ", whose volumes the guide protects (runbooks.policy.protected-hosts.delete-volume).");
    }
  }

  public Set<String> protectedFromRebuild() {
    return rebuild;
  }

  public Set<String> protectedFromDelete() {
    return delete;
  }

  private String namedAfter(String volumeName) {
    if (volumeName == null) {
      return null;
    }
    String name = volumeName.toLowerCase(Locale.ROOT);
    for (String host : deleteVolume) {
      if (name.equals(host) || name.startsWith(host + ".") || name.startsWith(host + "_") || name.startsWith(host + "-")) {
        return host;
      }
    }
    return null;
  }

  private static String describe(CloudVolume volume) {
    return (volume.name() == null ? "" : volume.name() + " ") + "(" + volume.id() + ")";
  }

  /** {@code ALIBUILD03.cern.ch} → {@code alibuild03}; null → empty. */
  static String shortName(String hostname) {
    if (hostname == null) {
      return "";
    }
    String name = hostname.trim().toLowerCase(Locale.ROOT);
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static Set<String> normalised(Collection<String> hosts) {
    return hosts == null
        ? Set.of()
        : hosts.stream().map(ProtectedHosts::shortName).filter(h -> !h.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public String toString() {
    return "ProtectedHosts[rebuild=" + rebuild + ", delete=" + delete + ", deleteVolume=" + deleteVolume + "]";
  }
}
