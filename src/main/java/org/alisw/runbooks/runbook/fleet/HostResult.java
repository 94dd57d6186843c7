package org.alisw.runbooks.runbook.fleet;

/** What became of one host of rebuild-agents (the {@code result} column of the outcome table). */
final class HostResult {

  static final String REBUILT = "rebuilt";
  static final String SKIPPED_IMPORTANT_TASKS = "skipped-important-tasks";
  static final String NOT_REBUILT = "not-rebuilt";
  static final String NOT_VERIFIED = "not-verified";
  static final String REFUSED = "refused";
  static final String NOT_STARTED = "not-started";

  private HostResult() {}
}
