package org.alisw.runbooks.mesos;

/**
 * Marathon on one master.
 *
 * @param pong {@code /ping} answered {@code pong}
 * @param leader the Marathon leader from {@code /v2/info} (configured master name, or the raw
 *     host:port when it matches none), null when unknown
 * @param elected this instance is the leader ({@code /v2/info} {@code elected})
 * @param error why Marathon did not answer, otherwise null
 */
public record MarathonStatus(
    String master, boolean pong, String leader, boolean elected, String version, String error) {}
