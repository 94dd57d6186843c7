package org.alisw.runbooks.sandbox.host;

/**
 * A command line a simulated host received over SSH, as tests assert it.
 *
 * @param exitStatus what the host answered, or null when it was killed by an injected fault
 */
public record ReceivedCommand(String host, String user, String command, Integer exitStatus) {}
