package org.alisw.runbooks.runbook.story;

import java.util.List;

/**
 * Plain text that reads well both raw (a form's text area, the REST API) and as Markdown (the task
 * description): headings, sentences, "- " items and indented blocks for command output. Capped at
 * {@value #MAX_LENGTH} characters, the size of Camunda's task description column.
 */
public final class Story {

  static final int MAX_LENGTH = 4000;
  private static final String SHORTENED = "\n(shortened: the full texts are in the runbook's variables)";

  private final StringBuilder text = new StringBuilder();

  /** A heading of its own line, e.g. "Puppet runs". */
  public Story heading(String heading) {
    separate();
    text.append("## ").append(heading).append('\n');
    return this;
  }

  /** A sentence or paragraph; ignored when null or blank. */
  public Story line(String line) {
    if (line != null && !line.isBlank()) {
      text.append(line.strip()).append('\n');
    }
    return this;
  }

  /** One "- " item; ignored when null or blank. */
  public Story item(String item) {
    if (item != null && !item.isBlank()) {
      text.append("- ").append(item.strip().replace("\n", "\n  ")).append('\n');
    }
    return this;
  }

  /** Items, one per element. */
  public Story items(List<String> items) {
    items.forEach(this::item);
    return this;
  }

  /** "label:" then the text indented by four spaces (a code block in Markdown); ignored when blank. */
  public Story block(String label, String content) {
    if (content != null && !content.isBlank()) {
      line(label + ":");
      for (String line : content.strip().split("\n")) {
        text.append("    ").append(line).append('\n');
      }
    }
    return this;
  }

  boolean isEmpty() {
    return text.isEmpty();
  }

  private void separate() {
    if (!text.isEmpty()) {
      text.append('\n');
    }
  }

  /** The story, at most {@value #MAX_LENGTH} characters. */
  public String text() {
    String all = text.toString().strip();
    if (all.length() <= MAX_LENGTH) {
      return all;
    }
    return all.substring(0, MAX_LENGTH - SHORTENED.length()) + SHORTENED;
  }

  @Override
  public String toString() {
    return text();
  }
}
