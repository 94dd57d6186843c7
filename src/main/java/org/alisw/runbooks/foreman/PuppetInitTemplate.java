package org.alisw.runbooks.foreman;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The puppetinit user data: the first-boot script that installs certmgr-client and puppet-agent,
 * writes puppet.conf, fetches the host certificate from certmgr and runs puppet (ai-tools'
 * {@code userdata/puppetinit}, docs/foreman.md). Templates follow Python's {@code string.Template}
 * rules as ai-tools' do, so a site's own ai-tools template works here: {@code $NAME} or {@code
 * ${NAME}} is a placeholder, {@code $$} a dollar. A template with a placeholder we cannot fill, or a
 * lone {@code $}, is refused when it is loaded and again when rendered: a half-rendered script
 * would boot a VM that never gets its certificate.
 */
public final class PuppetInitTemplate {

  static final String CASERVER_HOSTNAME = "_CASERVER_HOSTNAME";
  static final String CASERVER_PORT = "_CASERVER_PORT";
  static final String PUPPETMASTER_HOSTNAME = "_PUPPETMASTER_HOSTNAME";
  static final String FOREMAN_ENVIRONMENT = "_FOREMAN_ENVIRONMENT";

  private static final String DEFAULT_TEMPLATE = "puppetinit";

  /** string.Template's pattern: escaped {@code $$}, named, braced, or invalid. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\$(?:(?<escaped>\\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|\\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)}|(?<invalid>))");

  private static final Pattern HOSTNAME =
      Pattern.compile("(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  /** Puppet's own rule for environment names. */
  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9_]+");

  /** Values substituted into a shell script: nothing a shell would read as syntax. */
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.:/,=+-]*");

  private final String template;
  private final String source;
  private final String puppetMaster;
  private final Map<String, String> variables;

  /**
   * @param source where the template came from, for messages
   * @param variables further placeholders of a site's template, beside the four we fill
   * @throws IllegalArgumentException when the template uses a placeholder that is neither ours nor
   *     in {@code variables}, has a lone {@code $}, or a value is unsafe in a shell script
   */
  PuppetInitTemplate(String template, String source, String puppetMaster, Map<String, String> variables) {
    this.template = template;
    this.source = source;
    this.puppetMaster = hostname("the puppet master", puppetMaster);
    this.variables = Map.copyOf(variables);
    for (Map.Entry<String, String> v : this.variables.entrySet()) {
      if (Set.of(CASERVER_HOSTNAME, CASERVER_PORT, PUPPETMASTER_HOSTNAME, FOREMAN_ENVIRONMENT).contains(v.getKey())) {
        throw new IllegalArgumentException(
            "puppetinit variable " + v.getKey() + " is set by the runbooks and cannot be configured");
      }
      safe(v.getKey(), v.getValue());
    }
    substitute(name -> name.equals(CASERVER_HOSTNAME) || name.equals(CASERVER_PORT)
        || name.equals(FOREMAN_ENVIRONMENT) || name.equals(PUPPETMASTER_HOSTNAME)
        || this.variables.containsKey(name) ? "" : null);
  }

  /** The template configured in {@code runbooks.foreman.puppetinit}, or the shipped default. */
  static PuppetInitTemplate from(ForemanProperties.PuppetInit p) {
    Path file = p.getTemplate();
    String text;
    String source;
    if (file == null) {
      source = "the default puppetinit template";
      try (InputStream in = PuppetInitTemplate.class.getResourceAsStream(DEFAULT_TEMPLATE)) {
        if (in == null) {
          throw new IllegalStateException("the default puppetinit template is missing from the classpath");
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source, e);
      }
    } else {
      source = "puppetinit template " + file;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source + " (runbooks.foreman.puppetinit.template)", e);
      }
    }
    return new PuppetInitTemplate(text, source, p.getPuppetmasterHostname(), p.getVariables());
  }

  /**
   * The script for a VM whose certificate comes from certmgr at {@code certmgrHost:certmgrPort}
   * (from {@code runbooks.certmgr.url}) and whose Puppet environment is {@code environment}.
   *
   * @throws IllegalArgumentException for a value that is not a host name, port or Puppet
   *     environment name, or placeholders left unfilled
   */
  public String render(String certmgrHost, int certmgrPort, String environment) {
    if (certmgrPort < 1 || certmgrPort > 65535) {
      throw new IllegalArgumentException("certmgr port " + certmgrPort + " is not a TCP port");
    }
    if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
      throw new IllegalArgumentException(
          "Puppet environment '" + environment + "' is not a Puppet environment name ([a-z0-9_]+)");
    }
    Map<String, String> values = new LinkedHashMap<>(variables);
    values.put(CASERVER_HOSTNAME, hostname("the certmgr host", certmgrHost));
    values.put(CASERVER_PORT, Integer.toString(certmgrPort));
    values.put(PUPPETMASTER_HOSTNAME, puppetMaster);
    values.put(FOREMAN_ENVIRONMENT, environment);
    return substitute(values::get);
  }

  /** string.Template.substitute: every placeholder filled, or a refusal naming all that are not. */
  private String substitute(Function<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length());
    Set<String> unknown = new TreeSet<>();
    while (m.find()) {
      String replacement;
      if (m.group("escaped") != null) {
        replacement = "$";
      } else if (m.group("invalid") != null) {
        throw new IllegalArgumentException(
            source + " has a lone $ at line " + line(m.start()) + ": write $$ for a dollar the script should see");
      } else {
        String name = m.group("named") != null ? m.group("named") : m.group("braced");
        replacement = values.apply(name);
        if (replacement == null) {
          unknown.add("$" + name + " (line " + line(m.start()) + ")");
          replacement = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          source + " uses placeholders the runbooks cannot fill: " + String.join(", ", unknown)
              + "; known: " + known() + " (more in runbooks.foreman.puppetinit.variables; $$ for a literal $)");
    }
    m.appendTail(out);
    return out.toString();
  }

  private Set<String> known() {
    Set<String> names = new TreeSet<>(variables.keySet());
    names.addAll(Set.of(CASERVER_HOSTNAME, CASERVER_PORT, PUPPETMASTER_HOSTNAME, FOREMAN_ENVIRONMENT));
    return names;
  }

  private int line(int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (template.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String hostname(String what, String value) {
    if (value == null || !HOSTNAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a host name");
    }
    return value;
  }

  private static void safe(String name, String value) {
    if (value == null || !SAFE_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "puppetinit variable " + name + " must be plain letters, digits and _ . : / , = + -");
    }
  }
}
