package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.IMAGE;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.REQUESTED_IMAGE;

import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The start check of rebuild-agent: a valid name that is not protected ("YOU SHOULD NEVER REBUILD
 * ALIBUILD03 and ALIBUILD09"), the project chosen (build machines in Release Testing, release
 * validation in Cloud Tests), a reason, and the server in that project. Stores the server's id and
 * the image asked for ({@code requestedImage}; none = the guide's {@code --cc7}).
 */
@Component("rebuildAgentRequest")
class RebuildAgentRequest implements RequestCheck {

  private final CloudLookup startLookup;
  private final LifecycleChecks checks;

  RebuildAgentRequest(CloudLookup startLookup, LifecycleChecks checks) {
    this.startLookup = startLookup;
    this.checks = checks;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String project = checks.checkAtStart(
            execution, checks::rebuildAllowed, "rebuilt", startLookup,
            ": check the name and the project (ALICE Release Testing for build machines, ALICE Cloud Tests for release validation).")
        .project();
    String image = RunbookVariables.stringOr(execution, IMAGE, null);
    if (image != null && !startLookup.imageAvailable(project, image).orElse(true)) {
      throw new RequestRejected(IMAGE, "No image '" + image + "' (id, name or family) is available in OpenStack project "
          + project + ": check it with 'openstack image list', or leave it out for the latest " + checks.defaultImageFamily() + " image.");
    }
    execution.setVariable(REQUESTED_IMAGE, image);
  }
}
