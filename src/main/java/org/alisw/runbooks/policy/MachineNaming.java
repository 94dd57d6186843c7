package org.alisw.runbooks.policy;

import java.util.regex.Pattern;

/** The naming rule of new agents and masters ({@code alibuildXX}, {@code alimesosXX}). */
public class MachineNaming {

  private final Pattern agent;
  private final Pattern master;

  public MachineNaming(Pattern agent, Pattern master) {
    this.agent = agent;
    this.master = master;
  }

  /** The name when a new agent may have it, otherwise says why not. */
  public String requireAgentName(String name) {
    return require(name, agent, "an agent", "alibuild13");
  }

  /** The name when a new master may have it, otherwise says why not. */
  public String requireMasterName(String name) {
    return require(name, master, "a master", "alimesos04");
  }

  /** True when {@code name} is a master's name: the other masters are found by it. */
  public boolean isMasterName(String name) {
    return name != null && master.matcher(name).matches();
  }

  private static String require(String name, Pattern pattern, String what, String example) {
    if (name == null || name.isBlank()) {
      throw new PolicyViolation("A name for " + what + " is required (for example " + example + ").");
    }
    if (!pattern.matcher(name).matches()) {
      throw new PolicyViolation(
          "'" + name + "' is not a valid name for " + what + ": it must match " + pattern.pattern()
              + " (for example " + example + ").");
    }
    return name;
  }
}
