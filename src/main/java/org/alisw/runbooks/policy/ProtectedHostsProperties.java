package org.alisw.runbooks.policy;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The guide's protected hosts, per operation: "YOU SHOULD NEVER REBUILD ALIBUILD03 and ALIBUILD09",
 * "WHATEVER YOU DO, NEVER DELETE ALIBUILD03 OR ITS ATTACHED VOLUME".
 *
 * @param rebuild hosts no runbook may rebuild
 * @param delete hosts no runbook may delete
 * @param deleteVolume hosts whose volumes (attached to them, or named after them) no runbook may delete
 */
@ConfigurationProperties("runbooks.policy.protected-hosts")
public record ProtectedHostsProperties(
    @DefaultValue({"alibuild03", "alibuild09"}) List<String> rebuild,
    @DefaultValue("alibuild03") List<String> delete,
    @DefaultValue("alibuild03") List<String> deleteVolume) {

  public ProtectedHostsProperties {
    rebuild = rebuild == null ? List.of() : List.copyOf(rebuild);
    delete = delete == null ? List.of() : List.copyOf(delete);
    deleteVolume = deleteVolume == null ? List.of() : List.copyOf(deleteVolume);
  }
}
