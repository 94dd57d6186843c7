package org.alisw.runbooks.runbook.lifecycle;

import java.util.function.Supplier;
import org.alisw.runbooks.certmgr.CertmgrRefusedException;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.roger.RogerRefusedException;
import org.alisw.runbooks.runbook.RequestRejected;

/**
 * Foreman, Certmgr and Roger refusals as {@link RequestRejected}, so that the step's guard hands
 * them to an operator ({@code STEP_REFUSED}) instead of retrying what cannot succeed; their
 * unavailability (no answer, 5xx) still fails the job for a retry.
 */
final class Refused {

  private Refused() {}

  static <T> T translate(String variable, Supplier<T> call) {
    try {
      return call.get();
    } catch (ForemanException e) {
      if (e.status() >= 400 && e.status() < 500) {
        throw new RequestRejected(variable, e.getMessage());
      }
      throw e;
    } catch (CertmgrRefusedException | RogerRefusedException e) {
      throw new RequestRejected(variable, e.getMessage());
    }
  }
}
