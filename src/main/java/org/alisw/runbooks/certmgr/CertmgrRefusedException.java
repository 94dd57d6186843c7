package org.alisw.runbooks.certmgr;

/**
 * Certmgr answered and said no (401, 403, 400, ...): the host is not staged and retrying the same
 * call will not change that. The message says what an operator can do.
 */
public class CertmgrRefusedException extends CertmgrException {

  CertmgrRefusedException(int status, String message) {
    super(status, message, null);
  }
}
