package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.PURPOSE;
import static org.alisw.runbooks.runbook.create.CreateVariables.ZONE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanHost;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.MachineNaming;
import org.alisw.runbooks.policy.MasterZones;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The rules of "Creating an agent" and "Creating a master", in one place for both call sites: the
 * start checks (quick look-ups, nothing exists yet) and the provisioning steps, which run them again
 * right before they register the host and boot the server (then only what this runbook itself made
 * may carry the name).
 */
@Component
class CreateRules {

  private final MachineNaming naming;
  private final MasterZones zones;
  private final CreateProperties settings;
  private final ConfigManagementPort foreman;
  private final Set<String> projects;

  @Autowired
  CreateRules(
      MachineNaming naming,
      MasterZones zones,
      CreateProperties settings,
      ConfigManagementPort foreman,
      OpenStackProperties openStack) {
    this(naming, zones, settings, foreman, openStack.projects().keySet());
  }

  CreateRules(
      MachineNaming naming,
      MasterZones zones,
      CreateProperties settings,
      ConfigManagementPort foreman,
      Set<String> projects) {
    this.naming = naming;
    this.zones = zones;
    this.settings = settings;
    this.foreman = foreman;
    this.projects = Set.copyOf(projects);
  }

  CreateProperties settings() {
    return settings;
  }

  /** What this runbook already made and may therefore find under the name. */
  record Own(String instanceId, Long foremanHostId) {
    static final Own NOTHING = new Own(null, null);
  }

  /** The agent's name, valid by the naming rule. */
  String agentName(VariableScope variables) {
    return policy(HOSTNAME, () -> naming.requireAgentName(RunbookVariables.stringOr(variables, HOSTNAME, null)));
  }

  /** The master's name, valid by the naming rule. */
  String masterName(VariableScope variables) {
    return policy(HOSTNAME, () -> naming.requireMasterName(RunbookVariables.stringOr(variables, HOSTNAME, null)));
  }

  /** The agent's purpose: {@code build} or {@code release-validation} by default. */
  CreateProperties.Purpose purpose(VariableScope variables) {
    String purpose = RunbookVariables.stringOr(variables, PURPOSE, null);
    Map<String, CreateProperties.Purpose> purposes = settings.agent().purposes();
    if (purpose == null || !purposes.containsKey(purpose)) {
      throw new RequestRejected(
          PURPOSE,
          (purpose == null ? "A purpose is required" : "Unknown purpose '" + purpose + "'")
              + ": use one of " + new TreeSet<>(purposes.keySet()) + ".");
    }
    return purposes.get(purpose);
  }

  /** The zone for the new master: configured, and used by no other master of the masters' project. */
  String freeMasterZone(VariableScope variables, String hostname, CloudLookup cloud) {
    String zone = RunbookVariables.stringOr(variables, ZONE, null);
    Map<String, String> others = new LinkedHashMap<>();
    for (CloudServer server : cloud.servers(settings.master().project())) {
      if (!server.name().equals(hostname) && naming.isMasterName(server.name()) && !"DELETED".equals(server.status())) {
        others.put(server.name(), server.availabilityZone());
      }
    }
    return policy(ZONE, () -> zones.requireFreeZone(zone, others));
  }

  /** A configured project key. */
  String project(String project) {
    if (project == null || !projects.contains(project)) {
      throw new RequestRejected(
          PROJECT, "Unknown OpenStack project '" + project + "': use one of " + new TreeSet<>(projects) + ".");
    }
    return project;
  }

  /**
   * No server of that name in the project and no host of that name in Foreman, except what this
   * runbook made itself ({@code own}).
   */
  void requireNameFree(String project, String hostname, CloudLookup cloud, Own own) {
    Optional<CloudServer> server = cloud.findServer(project, hostname);
    if (server.isPresent() && (own.instanceId() == null || !own.instanceId().equals(server.get().createdByInstance()))) {
      throw new RequestRejected(
          HOSTNAME,
          "A server named " + hostname + " exists already in OpenStack project " + project + " (status "
              + server.get().status() + "): choose another name.");
    }
    Optional<ForemanHost> host = foreman.host(hostname);
    if (host.isPresent() && (own.foremanHostId() == null || own.foremanHostId() != host.get().id())) {
      throw new RequestRejected(
          HOSTNAME,
          host.get().name() + " exists already in Foreman (hostgroup " + host.get().hostgroup()
              + "): choose another name, or delete the old host first.");
    }
  }

  /** The alibuild public key is configured: without it no keypair, no SSH, no verification. */
  void requirePublicKey() {
    if (!settings.keypair().hasPublicKey()) {
      throw new RequestRejected(
          "keypair",
          "No public key for keypair '" + settings.keypair().name()
              + "' is configured (runbooks.create.keypair.public-key): ask an administrator.");
    }
  }

  /** The roles' rules again, for a provisioning: the name rule, and purpose or free zone. */
  void checkRole(VariableScope variables, String role, CloudLookup cloud) {
    if (CreateVariables.AGENT.equals(role)) {
      agentName(variables);
      String project = RunbookVariables.stringOr(variables, PROJECT, null);
      if (!purpose(variables).project().equals(project)) {
        throw new RequestRejected(
            PROJECT, "An agent for " + RunbookVariables.stringOr(variables, PURPOSE, null) + " belongs in project "
                + purpose(variables).project() + ", not " + project + ".");
      }
    } else if (CreateVariables.MASTER.equals(role)) {
      freeMasterZone(variables, masterName(variables), cloud);
    } else {
      throw new RequestRejected(CreateVariables.ROLE, "Unknown role '" + role + "': use one of " + List.of("agent", "master") + ".");
    }
  }

  /** The cloud as the steps see it: the port with its normal timeouts. */
  static CloudLookup steps(org.alisw.runbooks.openstack.CloudPort cloud) {
    return new CloudLookup() {
      @Override
      public Optional<CloudServer> findServer(String project, String name) {
        return cloud.findServer(project, name);
      }

      @Override
      public List<CloudServer> servers(String project) {
        return cloud.servers(project);
      }
    };
  }

  private static String policy(String field, Supplier<String> rule) {
    try {
      return rule.get();
    } catch (PolicyViolation violation) {
      throw new RequestRejected(field, violation.getMessage());
    }
  }
}
