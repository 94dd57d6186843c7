package org.alisw.runbooks.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Terminal output: engine timestamps shortened, columns aligned. */
final class Format {

  private Format() {}

  /** {@code 2026-12-03T10:02:03.123+0000} → {@code 10:02:03}. */
  static String time(String engineDate) {
    return engineDate == null || engineDate.length() < 19 ? "-" : engineDate.substring(11, 19);
  }

  /** {@code 2026-12-03T10:02:03.123+0000} → {@code 2026-12-03 10:02:03}. */
  static String dateTime(String engineDate) {
    return engineDate == null || engineDate.length() < 19 || engineDate.equals("null") ? "-" : engineDate.substring(0, 19).replace('T', ' ');
  }

  static String orDash(String value) {
    return value == null || value.isBlank() || value.equals("null") ? "-" : value;
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  /** Rows under a header, each column as wide as its widest cell, two spaces apart. */
  static void table(PrintStream out, List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
