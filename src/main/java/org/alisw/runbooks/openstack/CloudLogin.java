package org.alisw.runbooks.openstack;

/**
 * Who Keystone says we are after a login, and where: never the token itself.
 *
 * @param projectId the id of the project the token is scoped to
 * @param projectName its name ({@code ALICE Release Testing})
 * @param userName the user the credentials belong to
 * @param expiresAt when the token expires (ISO-8601), null when Keystone did not say
 */
public record CloudLogin(String projectId, String projectName, String userName, String expiresAt) {}
