package org.alisw.runbooks.runbook.check;

/**
 * One line of a check report.
 *
 * @param name what was checked, as the guide says it ({@code release-testing: keypair alibuild})
 * @param pass true when the check passed
 * @param detail what was seen
 * @param whatToDo for a failed check, what the operator should do next; empty when it passed
 */
public record CheckItem(String name, boolean pass, String detail, String whatToDo) {

  public CheckItem {
    detail = detail == null ? "" : detail;
    whatToDo = whatToDo == null ? "" : whatToDo;
  }

  public static CheckItem passed(String name, String detail) {
    return new CheckItem(name, true, detail, "");
  }

  public static CheckItem failed(String name, String detail, String whatToDo) {
    return new CheckItem(name, false, detail, whatToDo);
  }
}
