package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.certmgr.CertmgrRefusedException;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Delete everything this runbook created", the Certmgr staging (ai-bs never undoes it): the one
 * staging whose id this runbook recorded, if Certmgr still lists it for the host. Consumed, expired
 * or removed already is fine; another's staging is never touched.
 */
@Component("unstageCertificate")
class UnstageCertificateDelegate implements JavaDelegate {

  static final String STAGING_ID = "certificateStagingId";

  private static final Logger LOG = LoggerFactory.getLogger(UnstageCertificateDelegate.class);

  private final CertificateStaging certmgr;

  UnstageCertificateDelegate(CertificateStaging certmgr) {
    this.certmgr = certmgr;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      if (!(execution.getVariable(STAGING_ID) instanceof Number id)) {
        ProvisionSteps.log(LOG, execution, hostname, "no Certmgr staging recorded: nothing to unstage");
        return;
      }
      try {
        boolean listed = certmgr.staged(hostname).stream().anyMatch(s -> s.id() == id.longValue());
        boolean removed = listed && certmgr.unstage(id.longValue());
        ProvisionSteps.log(LOG, execution, hostname, "Certmgr staging {} {}", id, removed ? "removed" : "already gone");
      } catch (CertmgrRefusedException refused) {
        throw new RequestRejected(HOSTNAME, "Certmgr refused to unstage " + hostname + ": " + refused.getMessage());
      }
    });
  }
}
