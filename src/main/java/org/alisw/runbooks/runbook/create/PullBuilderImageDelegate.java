package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.Docker;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** "Execute {@code docker pull alisw/slc7-builder} to force pull the builder image." */
@Component("pullBuilderImage")
class PullBuilderImageDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(PullBuilderImageDelegate.class);

  private final Docker docker;
  private final CreateProperties settings;

  PullBuilderImageDelegate(Docker docker, CreateProperties settings) {
    this.docker = docker;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    String image = settings.agent().dockerImage();
    CommandResult result = docker.pullImage(hostname, image);
    execution.setVariable("builderImage", image);
    ProvisionSteps.log(LOG, execution, hostname, "docker pull {}: exit {} in {} ms", image, result.exitStatus(), result.durationMillis());
  }
}
