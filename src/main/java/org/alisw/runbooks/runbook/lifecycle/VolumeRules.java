package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.VOLUME_ID;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;

/** "... OR ITS ATTACHED VOLUME" and "the volumes of the approved plan", for delete-vm's steps. */
final class VolumeRules {

  private VolumeRules() {}

  /** Refused when the volume is attached to, or named after, a protected host. */
  static void requireDeletable(LifecycleChecks checks, CloudVolume volume, Function<String, String> serverNames) {
    try {
      checks.protectedHosts().requireVolumeDeleteAllowed(volume, serverNames);
    } catch (PolicyViolation violation) {
      throw new RequestRejected(VOLUME_ID, violation.getMessage());
    }
  }

  /** The ids of the volumes the approved plan deletes. */
  static List<String> planned(ApprovedPlan plan) {
    List<String> ids = new ArrayList<>();
    if (plan.value("volumesToDelete") instanceof List<?> volumes) {
      for (Object volume : volumes) {
        if (volume instanceof Map<?, ?> v && v.get("id") != null) {
          ids.add(v.get("id").toString());
        }
      }
    }
    return ids;
  }
}
