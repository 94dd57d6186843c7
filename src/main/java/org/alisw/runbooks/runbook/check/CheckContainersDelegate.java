package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.host.ContainerCheck;
import org.alisw.runbooks.host.Docker;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * "Check if docker is running and if it has at least the following containers: mesos-master,
 * zookeeper, marathon, aurora-scheduler, mesos-dns" (runbooks.hosts.docker.required-containers.master).
 */
@Component("verifyMasterContainers")
class CheckContainersDelegate extends MasterCheckDelegate {

  private final Docker docker;

  CheckContainersDelegate(Docker docker, VerifyMasterRequest request) {
    super(request);
    this.docker = docker;
  }

  @Override
  String name() {
    return "docker running with the master's containers";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String hostname = request.master(execution);
    ContainerCheck containers = docker.checkContainers(hostname, request.containerRole());
    if (!containers.dockerRunning()) {
      return CheckItem.failed(
          name(),
          "docker is not running: " + containers.detail(),
          "Start docker on " + hostname + " (systemctl start docker), then run puppet agent -t -v, which starts the containers.");
    }
    if (!containers.missing().isEmpty()) {
      return CheckItem.failed(
          name(),
          "not running: " + String.join(", ", containers.missing()) + " (running: " + String.join(", ", containers.running()) + ")",
          "Start them on " + hostname + " (docker restart " + String.join(" ", containers.missing())
              + ", or puppet agent -t -v) and look at their logs (docker logs).");
    }
    return CheckItem.passed(name(), "running: " + String.join(", ", containers.required()));
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    return "docker ps could not run on " + hostname + ": fix SSH first (see the SSH login check).";
  }
}
