package org.alisw.runbooks.sandbox.openstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What cloud-init makes of a server's user data, for the simulated console: each part of a MIME
 * multipart with its type and file name ({@code text/x-shellscript puppetinit}), or the single
 * script or cloud-config it is.
 */
final class UserDataParts {

  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern FILENAME = Pattern.compile("filename=\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE);

  private UserDataParts() {}

  /** One line per part, for example {@code text/x-shellscript filename=puppetinit (2714 bytes)}. */
  static List<String> describe(String userData) {
    List<String> parts = new ArrayList<>();
    if (userData == null || userData.isEmpty()) {
      return parts;
    }
    String header = userData.split("\\r?\\n\\r?\\n", 2)[0];
    Matcher boundary = BOUNDARY.matcher(header);
    if (!header.toLowerCase(Locale.ROOT).startsWith("content-type: multipart/") || !boundary.find()) {
      String type = userData.startsWith("#!") ? "text/x-shellscript" : userData.startsWith("#cloud-config") ? "text/cloud-config" : "text/plain";
      parts.add(type + " (" + userData.length() + " bytes)");
      return parts;
    }
    String[] chunks = userData.split("\\r?\\n--" + Pattern.quote(boundary.group(1)));
    for (int i = 1; i < chunks.length; i++) {
      String chunk = chunks[i];
      if (chunk.startsWith("--")) {
        break; // the closing boundary
      }
      String[] headersAndBody = chunk.replaceFirst("^\\r?\\n", "").split("\\r?\\n\\r?\\n", 2);
      String type = "text/plain";
      String filename = null;
      for (String line : headersAndBody[0].split("\\r?\\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-type:")) {
          type = line.substring("content-type:".length()).split(";")[0].trim();
        } else if (lower.startsWith("content-disposition:")) {
          Matcher name = FILENAME.matcher(line);
          filename = name.find() ? name.group(1) : null;
        }
      }
      int size = headersAndBody.length > 1 ? headersAndBody[1].length() : 0;
      parts.add(type + (filename == null ? "" : " filename=" + filename) + " (" + size + " bytes)");
    }
    return parts;
  }
}
