package org.alisw.runbooks.certmgr;

/**
 * One staging as Certmgr lists it.
 *
 * @param requestor who staged it (the account the runbooks use, or a person with ai-bs)
 * @param start when it was staged, as Certmgr writes it
 * @param end until when the host may fetch its certificate, as Certmgr writes it
 */
public record StagedCertificate(long id, String hostname, String requestor, String start, String end) {}
