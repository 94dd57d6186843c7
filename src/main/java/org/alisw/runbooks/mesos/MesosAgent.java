package org.alisw.runbooks.mesos;

/** A Mesos agent as the leading master lists it in {@code /master/slaves}. */
public record MesosAgent(String id, String hostname, boolean active, String pid) {}
