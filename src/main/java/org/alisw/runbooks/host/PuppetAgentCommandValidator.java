package org.alisw.runbooks.host;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a configured puppet command that would leak secrets into process history or fool the
 * converge loop, with the reason. Facts behind the rules (Puppet 7.23 agent): {@code -t} turns
 * {@code --show_diff} back on after the options are read, so {@code --no-show_diff} beside it does
 * nothing; without {@code --detailed-exitcodes} a run with failed resources exits 0; without
 * {@code --onetime --no-daemonize} the agent daemonizes and the command exits 0 having run nothing.
 */
public final class PuppetAgentCommandValidator implements ConstraintValidator<PuppetAgentCommand, String> {

  @Override
  public boolean isValid(String command, ConstraintValidatorContext context) {
    List<String> problems = problems(command);
    if (problems.isEmpty()) {
      return true;
    }
    context.disableDefaultConstraintViolation();
    // Braces and $ would be read as message expressions; the reasons have none, but be sure.
    String message = String.join("; ", problems).replaceAll("[{}$\\\\]", "");
    context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
    return false;
  }

  /** Why {@code command} cannot be used, one reason per problem; empty when it can. */
  static List<String> problems(String command) {
    if (command == null || command.isBlank()) {
      return List.of();
    }
    List<String> words = List.of(command.strip().split("\\s+"));
    List<String> problems = new ArrayList<>();
    if (words.stream().anyMatch(PuppetAgentCommandValidator::isTestOption)) {
      problems.add(
          "must not use -t/--test: puppet 7 turns --show_diff back on after reading the options, so"
              + " diffs of changed files (secrets) would reach process history even with --no-show_diff;"
              + " use --onetime --no-daemonize --verbose --detailed-exitcodes --no-usecacheonfailure"
              + " --no-splay --no-show_diff --color=false");
    }
    if (words.contains("--show_diff")) {
      problems.add("must not use --show_diff: diffs of changed files (secrets) would reach process history");
    }
    if (!words.contains("--no-show_diff")) {
      problems.add("must contain --no-show_diff: keeps diffs of changed files (secrets) out of process history");
    }
    if (!words.contains("--detailed-exitcodes")) {
      problems.add(
          "must contain --detailed-exitcodes: without it a run whose resources failed exits 0 and"
              + " would pass for a clean one");
    }
    if (!words.contains("--onetime") || !words.contains("--no-daemonize")) {
      problems.add(
          "must contain --onetime and --no-daemonize: without them puppet agent becomes a daemon and"
              + " the command exits 0 without any run");
    }
    return problems;
  }

  /** {@code -t}, {@code --test}, or a cluster of short options with t in it ({@code -tv}). */
  private static boolean isTestOption(String word) {
    return word.equals("--test") || word.matches("-[a-zA-Z]*t[a-zA-Z]*");
  }
}
