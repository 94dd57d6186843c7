package org.alisw.runbooks.mesos;

/**
 * One Mesos master's health.
 *
 * @param up {@code /health} answered 200
 * @param leaderSeen the master (configured name, or host:port when unknown) this master redirects
 *     to from {@code /master/redirect}, or null when it knows no leader or is down
 * @param error why the master is not up or knows no leader, otherwise null
 */
public record MasterHealth(String master, boolean up, String leaderSeen, String error) {}
