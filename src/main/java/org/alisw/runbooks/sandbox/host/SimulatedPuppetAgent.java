package org.alisw.runbooks.sandbox.host;

import java.util.List;
import java.util.regex.Pattern;
import org.alisw.runbooks.sandbox.host.HostCommandHandler.Answer;

/**
 * What a real Puppet 7 agent makes of its command-line options, as far as its output and exit
 * status go (seen on Puppet 7.23 against puppetserver 7.9):
 *
 * <ul>
 *   <li>{@code -t}/{@code --test} means onetime, no-daemonize, verbose, no-usecacheonfailure,
 *       no-splay, detailed exit codes <em>and</em> show_diff, applied after the other options
 *       were read: {@code --no-show_diff} beside {@code -t} is overridden;
 *   <li>without {@code -t} the diff is shown only with {@code --show_diff} (its default is off);
 *   <li>exit codes 0/2/4/6 only with {@code --detailed-exitcodes} (or {@code -t}); otherwise 0 for
 *       any run that happened, 1 for one that did not;
 *   <li>without {@code --onetime --no-daemonize} (or {@code -t}) the agent goes on as a daemon: the
 *       command returns 0 at once, having run nothing;
 *   <li>console output only with {@code --verbose} (or {@code -t}, or {@code --logdest=console}),
 *       else it goes to syslog; ANSI colours on every console line unless {@code --color=false},
 *       terminal or not.
 * </ul>
 *
 * Other options are refused as puppet refuses unknown ones (exit 1).
 */
final class SimulatedPuppetAgent {

  private static final Pattern SHORT_CLUSTER = Pattern.compile("-[a-zA-Z]+");

  private final boolean test;
  private final boolean onetime;
  private final boolean noDaemonize;
  private final boolean verbose;
  private final boolean console;
  private final boolean detailedExitCodes;
  private final Boolean showDiff;
  private final boolean colour;

  private SimulatedPuppetAgent(List<String> options) {
    boolean t = false;
    boolean once = false;
    boolean foreground = false;
    boolean v = false;
    boolean logToConsole = false;
    boolean detailed = false;
    Boolean diff = null;
    boolean ansi = true;
    for (String option : options) {
      switch (option) {
        case "--test" -> t = true;
        case "--onetime" -> once = true;
        case "--no-onetime" -> once = false;
        case "--no-daemonize" -> foreground = true;
        case "--daemonize" -> foreground = false;
        case "--verbose" -> v = true;
        case "--detailed-exitcodes" -> detailed = true;
        case "--show_diff" -> diff = true;
        case "--no-show_diff" -> diff = false;
        case "--usecacheonfailure", "--no-usecacheonfailure", "--splay", "--no-splay" -> {
          // No bearing on what the simulated run prints.
        }
        case "--logdest=console" -> logToConsole = true;
        case "--color=false" -> ansi = false;
        case "--color=ansi", "--color=true" -> ansi = true;
        default -> {
          if (SHORT_CLUSTER.matcher(option).matches()) {
            // Ruby's OptionParser reads -tv as -t -v.
            for (char c : option.substring(1).toCharArray()) {
              switch (c) {
                case 't' -> t = true;
                case 'v' -> v = true;
                case 'o' -> once = true;
                default -> throw new IllegalArgumentException("invalid option: -" + c);
              }
            }
          } else {
            throw new IllegalArgumentException("invalid option: " + option);
          }
        }
      }
    }
    this.test = t;
    this.onetime = once || t;
    this.noDaemonize = foreground || t;
    this.verbose = v || t;
    this.console = logToConsole;
    this.detailedExitCodes = detailed || t;
    // setup_test: handlearg("--show_diff") after the command line was read.
    this.showDiff = t ? Boolean.TRUE : diff;
    this.colour = ansi;
  }

  /**
   * The options after {@code puppet agent}.
   *
   * @throws IllegalArgumentException for an option the simulated agent does not know, with
   *     puppet's wording
   */
  static SimulatedPuppetAgent parse(List<String> options) {
    return new SimulatedPuppetAgent(options);
  }

  /** What puppet prints when it cannot read its options. */
  static Answer refused(IllegalArgumentException e) {
    return new Answer(1, "", "Error: Could not parse application options: " + e.getMessage() + "\n");
  }

  /** True when one run happens in the foreground; false when the agent daemonizes instead. */
  boolean runsOnceInForeground() {
    return onetime && noDaemonize;
  }

  /** Whether changed files are printed as unified diffs. */
  boolean showDiff() {
    return showDiff != null && showDiff;
  }

  /** True for {@code -t}/{@code --test} in any form. */
  boolean test() {
    return test;
  }

  /** What the daemonizing agent answers: nothing, exit 0, and no run. */
  static Answer daemonized() {
    return Answer.ok("");
  }

  /**
   * The command's answer for a run that printed {@code run}'s lines with puppet's detailed exit
   * code (the simulated run always computes detailed codes; 1 means the run did not happen).
   */
  Answer present(Answer run) {
    int exit = run.exitStatus();
    if (!detailedExitCodes && exit != 1) {
      exit = 0;
    }
    if (!verbose && !console) {
      return new Answer(exit, "", "");
    }
    return new Answer(exit, coloured(run.stdout()), coloured(run.stderr()));
  }

  /** Puppet's console colours: one escape sequence per log line, whatever the level. */
  private String coloured(String text) {
    if (!colour || text.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    for (String line : text.split("\n", -1)) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      String code = colourOf(line);
      if (code == null) {
        out.append(line);
      } else {
        out.append("\u001B[").append(code).append('m').append(line).append("\u001B[0m");
      }
    }
    return out.toString();
  }

  /** Puppet::Util::Colors for each level; null for a line that starts no log message. */
  private static String colourOf(String line) {
    if (line.startsWith("Debug: ")) {
      return "0;37";
    }
    if (line.startsWith("Info: ")) {
      return "0;32";
    }
    if (line.startsWith("Notice: ")) {
      return "0;36";
    }
    if (line.startsWith("Warning: ")) {
      return "0;33";
    }
    if (line.startsWith("Error: ")) {
      return "1;35";
    }
    return null;
  }
}
