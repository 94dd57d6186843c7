package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * ai-rebuild-vm's Certmgr step: stage the host so that the fresh root disk can fetch its Puppet
 * certificate at first boot. Idempotent (an unexpired staging is reused).
 */
@Component("stageRebuildCertificate")
class StageCertificateDelegate implements JavaDelegate {

  private final CertificateStaging certmgr;
  private final LifecycleChecks checks;

  StageCertificateDelegate(CertificateStaging certmgr, LifecycleChecks checks) {
    this.certmgr = certmgr;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      String hostname = ApprovedPlan.checkPassed(execution, LifecycleVariables.REBUILD_PLAN_INPUTS).get(HOSTNAME);
      checks.rebuildAllowed(hostname);
      Refused.translate(HOSTNAME, () -> certmgr.stage(hostname));
    });
  }
}
