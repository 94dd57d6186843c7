package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.certmgr.CertmgrRefusedException;
import org.alisw.runbooks.certmgr.StagedCertificate;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * ai-bs's Certmgr staging, so that the first boot fetches its Puppet certificate. Idempotent in the
 * port: a staging not consumed yet is reused.
 */
@Component("stageNewCertificate")
class StageCertificateDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(StageCertificateDelegate.class);

  private final CertificateStaging certmgr;

  StageCertificateDelegate(CertificateStaging certmgr) {
    this.certmgr = certmgr;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      StagedCertificate staged;
      try {
        staged = certmgr.stage(hostname);
      } catch (CertmgrRefusedException refused) {
        throw new RequestRejected(HOSTNAME, "Certmgr refused to stage " + hostname + ": " + refused.getMessage());
      }
      execution.setVariable("certificateStagingId", staged.id());
      ProvisionSteps.log(LOG, execution, hostname, "staged in Certmgr (staging {} until {})", staged.id(), staged.end());
    });
  }
}
