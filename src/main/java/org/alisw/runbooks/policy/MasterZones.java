package org.alisw.runbooks.policy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * "Make sure you use different zones to improve availability": a new master goes to a configured
 * zone that no other master uses.
 */
public class MasterZones {

  private final List<String> allowed;

  public MasterZones(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  public List<String> allowed() {
    return allowed;
  }

  /**
   * The zone when a new master may go there.
   *
   * @param otherMasters the other masters' names and zones, as OpenStack reports them
   */
  public String requireFreeZone(String zone, Map<String, String> otherMasters) {
    if (zone == null || zone.isBlank()) {
      throw new PolicyViolation("An availability zone for the master is required: one of " + allowed + ".");
    }
    if (!allowed.contains(zone)) {
      throw new PolicyViolation("'" + zone + "' is not a zone for masters: use one of " + allowed + ".");
    }
    Map<String, String> inUse = new TreeMap<>(otherMasters);
    if (inUse.containsValue(zone)) {
      String byZone =
          inUse.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue()).collect(Collectors.joining(", "));
      List<String> free = allowed.stream().filter(z -> !inUse.containsValue(z)).toList();
      throw new PolicyViolation(
          "Zone " + zone + " already has a master; zones in use: " + byZone + ". Masters must be in different zones"
              + (free.isEmpty() ? ": no zone is free." : "; free: " + free + "."));
    }
    return zone;
  }
}
