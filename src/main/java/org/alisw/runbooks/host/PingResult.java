package org.alisw.runbooks.host;

/**
 * "Ping the machine".
 *
 * @param target what was probed: the address for ICMP, address:port for the SSH port probe
 * @param method {@code icmp} or {@code ssh-port}
 * @param averageRttMillis the mean round-trip time of the answered probes, null when none answered
 * @param detail the probe's own summary (ping's statistics line, or why nothing answered)
 */
public record PingResult(
    String host,
    String target,
    String method,
    boolean reachable,
    int sent,
    int received,
    Double averageRttMillis,
    String detail) {}
