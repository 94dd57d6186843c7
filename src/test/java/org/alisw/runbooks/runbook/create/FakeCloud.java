package org.alisw.runbooks.runbook.create;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.openstack.CloudKeypair;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudRejectedException;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.CloudUnavailableException;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.openstack.ServerSpec;
import org.alisw.runbooks.openstack.VolumeRequest;

/** Nova and Cinder as far as provisioning goes (behind a Mockito mock of the port, see CreateFixture), in memory, recording what was asked. */
final class FakeCloud {

  record Server(String project, CloudServer server) {}

  final Map<String, Server> servers = new LinkedHashMap<>();
  final Map<String, CloudVolume> volumes = new LinkedHashMap<>();
  final List<ServerSpec> boots = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  final List<String> keypairs = new ArrayList<>();
  final List<String> deletedVolumes = new ArrayList<>();
  int failNextCreateAfterBoot;
  /** When set, a deleted server stays (Nova accepted the delete but never finishes it). */
  boolean deletesHang;
  private int ids;

  /** A server that exists already (made by someone else). */
  CloudServer existing(String project, String name, String zone) {
    CloudServer server = new CloudServer("id-" + name, name, "ACTIVE", zone, Map.of(), null);
    servers.put(server.id(), new Server(project, server));
    return server;
  }

  void setStatus(String id, String status, String fault) {
    Server s = servers.get(id);
    CloudServer c = s.server();
    servers.put(id, new Server(s.project(), new CloudServer(c.id(), c.name(), status, c.availabilityZone(), c.metadata(), fault)));
  }

  void setVolumeStatus(String id, String status) {
    CloudVolume v = volumes.get(id);
    volumes.put(id, new CloudVolume(v.id(), v.name(), v.sizeGb(), v.type(), status, v.availabilityZone(), v.metadata(), v.attachments()));
  }

  public Optional<CloudServer> findServer(String project, String name) {
    return servers.values().stream().filter(s -> s.project().equals(project) && s.server().name().equals(name)).map(Server::server).findFirst();
  }

  public Optional<CloudServer> server(String project, String serverId) {
    return Optional.ofNullable(servers.get(serverId)).filter(s -> s.project().equals(project)).map(Server::server);
  }

  public List<CloudServer> servers(String project) {
    return servers.values().stream().filter(s -> s.project().equals(project)).map(Server::server).toList();
  }

  public CloudKeypair ensureKeypair(String project, String name, String publicKey) {
    keypairs.add(project + "/" + name + "/" + publicKey);
    return new CloudKeypair(name, "aa:bb", keypairs.size() == 1);
  }

  public CloudServer createServer(String project, ServerSpec spec) {
    boots.add(spec);
    Optional<CloudServer> same = findServer(project, spec.name());
    if (same.isPresent()) {
      if (spec.runbookInstanceId().equals(same.get().createdByInstance())) {
        return same.get();
      }
      throw new CloudRejectedException("A server named " + spec.name() + " already exists", 409);
    }
    CloudServer server =
        new CloudServer("srv-" + (++ids), spec.name(), "BUILD",
            spec.availabilityZone() == null ? "cern-geneva-a" : spec.availabilityZone(),
            spec.metadata("ALICE", "tenant-id"), null);
    servers.put(server.id(), new Server(project, server));
    if (failNextCreateAfterBoot > 0) {
      failNextCreateAfterBoot--;
      throw new CloudUnavailableException("Nova answered 504 after accepting the boot", 504, null);
    }
    return server;
  }

  public void deleteServer(String project, String serverId) {
    deleted.add(serverId);
    if (!deletesHang) {
      servers.remove(serverId);
    }
  }

  public void deleteVolume(String project, String volumeId) {
    deletedVolumes.add(volumeId);
    volumes.remove(volumeId);
  }

  public CloudVolume ensureVolume(String project, VolumeRequest request) {
    for (CloudVolume v : volumes.values()) {
      if (v.name().equals(request.name()) && request.runbookInstanceId().equals(v.metadata().get(CloudPort.INSTANCE_METADATA_KEY))) {
        return v;
      }
    }
    CloudVolume volume =
        new CloudVolume("vol-" + (++ids), request.name(), request.spec().sizeGb(), request.spec().type(), "creating", null,
            Map.of(CloudPort.INSTANCE_METADATA_KEY, request.runbookInstanceId()), List.of());
    volumes.put(volume.id(), volume);
    return volume;
  }

  public Optional<CloudVolume> volume(String project, String volumeId) {
    return Optional.ofNullable(volumes.get(volumeId));
  }
}
