package org.alisw.runbooks.e2e.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Distinctive secret values, by label ("OpenStack password", ...), and where one of them was
 * found. Each value is fresh per run, so a file left by an earlier run cannot be mistaken for a
 * leak of this one, and long enough that it cannot occur by chance.
 */
public final class Secrets {

  /** One occurrence: which secret, where (a table and column, a log file and line, a REST call). */
  public record Finding(String secret, String where, String excerpt) {
    @Override
    public String toString() {
      return secret + " in " + where + ": ..." + excerpt + "...";
    }
  }

  private final Map<String, String> byLabel = new LinkedHashMap<>();

  /** A new distinctive value under {@code label}. */
  public String create(String label, String prefix) {
    String value = prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    byLabel.put(label, value);
    return value;
  }

  public Map<String, String> all() {
    return Map.copyOf(byLabel);
  }

  /**
   * Every occurrence of a secret in {@code text}: literally, URL-encoded, and Base64-encoded at
   * any of the three alignments (as in an HTTP Basic header), reported with {@code where}.
   */
  public List<Finding> findIn(String text, String where) {
    List<Finding> found = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return found;
    }
    byLabel.forEach((label, value) -> {
      for (String form : forms(value)) {
        int at = text.indexOf(form);
        if (at >= 0) {
          int from = Math.max(0, at - 60);
          int to = Math.min(text.length(), at + form.length() + 20);
          found.add(new Finding(label, where, text.substring(from, to).replace('\n', ' ')));
          break;
        }
      }
    });
    return found;
  }

  /** The forms a secret may take in text: itself, URL-encoded, and Base64 cores. */
  static List<String> forms(String value) {
    List<String> forms = new ArrayList<>();
    forms.add(value);
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    if (!encoded.equals(value)) {
      forms.add(encoded);
    }
    // Base64 of "...secret..." at each offset modulo 3: the characters that depend only on the
    // secret's bytes are found whatever precedes it (a user name and a colon, for example).
    for (int shift = 0; shift < 3; shift++) {
      byte[] padded = ("x".repeat(shift) + value).getBytes(StandardCharsets.UTF_8);
      String b64 = Base64.getEncoder().withoutPadding().encodeToString(padded);
      int skip = shift == 0 ? 0 : shift + 1;
      int keep = (padded.length / 3) * 4;
      if (keep - skip > 12) {
        forms.add(b64.substring(skip, keep));
      }
    }
    return forms;
  }
}
