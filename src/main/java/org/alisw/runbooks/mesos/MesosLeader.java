package org.alisw.runbooks.mesos;

/**
 * The leading Mesos master as reported by {@code /master/state}.
 *
 * @param master the configured master name it maps to, or null when its address matches none
 * @param hostname {@code leader_info.hostname}
 * @param port {@code leader_info.port}
 * @param pid the {@code leader} field, for example {@code master@10.0.0.1:5050}
 * @param askedMaster the configured master that was asked first
 * @param redirected true when the asked master was not the leader and redirected the request
 */
public record MesosLeader(
    String master, String hostname, int port, String pid, String askedMaster, boolean redirected) {

  public boolean is(String masterName) {
    return master != null && master.equals(masterName);
  }
}
