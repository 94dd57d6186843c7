package org.alisw.runbooks.foreman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The puppetinit user data rendered from the shipped default and from a site's own template. */
class PuppetInitTemplateTest {

  @TempDir Path dir;

  private static PuppetInitTemplate defaultTemplate() {
    return PuppetInitTemplate.from(new ForemanProperties.PuppetInit());
  }

  private static PuppetInitTemplate template(String text, Map<String, String> variables) {
    return new PuppetInitTemplate(text, "test template", "it-puppet-masters-public.cern.ch", variables);
  }

  @Test
  void theDefaultTemplateBootstrapsPuppetWithTheCertificateFromCertmgr() {
    String script = defaultTemplate().render("certmgr.cern.ch", 8008, "alibuild_devel");

    assertThat(script)
        .startsWith("#!/bin/bash\n")
        .contains("hostnamectl set-hostname \"$FINALHOSTNAME\"")
        .contains("certmgr-client")
        .contains("puppet-agent")
        .contains("server = it-puppet-masters-public.cern.ch\nmasterport = 8144\n")
        .contains("ca_server = certmgr.cern.ch\nca_port = 8140\n")
        .contains("environment = alibuild_devel\n")
        .contains("certmgr-getcert -s \"certmgr.cern.ch\" -p \"8008\"")
        .contains("retry get_certificate 10 15")
        .contains("$PUPPET agent --onetime --no-daemonize --verbose --no-show_diff --color=false")
        .doesNotContain("${_")
        .doesNotContain("$$");
    // The certificate is fetched before puppet first runs.
    assertThat(script.indexOf("retry get_certificate")).isLessThan(script.indexOf("$PUPPET agent --onetime"));
  }

  @Test
  void theRenderedDefaultIsValidBash() throws Exception {
    Path script = dir.resolve("puppetinit");
    Files.writeString(script, defaultTemplate().render("certmgr.cern.ch", 8008, "production"));
    Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(output).isZero();
  }

  @Test
  void theConfiguredPuppetMasterGoesIntoPuppetConf() {
    ForemanProperties.PuppetInit p = new ForemanProperties.PuppetInit();
    p.setPuppetmasterHostname("puppet-test.cern.ch");

    assertThat(PuppetInitTemplate.from(p).render("certmgr.cern.ch", 8008, "production"))
        .contains("server = puppet-test.cern.ch\n");
  }

  @Test
  void followsStringTemplateRulesAsAiToolsDoes() {
    String text = "echo $$HOME ${_FOREMAN_ENVIRONMENT} $_CASERVER_HOSTNAME:$_CASERVER_PORT $_PUPPETMASTER_HOSTNAME";

    assertThat(template(text, Map.of()).render("certmgr.cern.ch", 8008, "qa"))
        .isEqualTo("echo $HOME qa certmgr.cern.ch:8008 it-puppet-masters-public.cern.ch");
  }

  @Test
  void refusesATemplateWithPlaceholdersItCannotFill() {
    String text = "server = ${_PUPPETMASTER_HOSTNAME}\nhttp_extra_headers = X-Namespace:$_TOPLEVEL_HOSTGROUP\n";

    assertThatThrownBy(() -> template(text, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test template uses placeholders the runbooks cannot fill: $_TOPLEVEL_HOSTGROUP (line 2)");
  }

  @Test
  void configuredVariablesFillASitesOwnPlaceholders() {
    String text = "X-Namespace:${_TOPLEVEL_HOSTGROUP} reboot=$_NO_REBOOT env=$_FOREMAN_ENVIRONMENT";

    assertThat(template(text, Map.of("_TOPLEVEL_HOSTGROUP", "alibuild", "_NO_REBOOT", "0"))
            .render("certmgr.cern.ch", 8008, "production"))
        .isEqualTo("X-Namespace:alibuild reboot=0 env=production");
  }

  @Test
  void refusesALoneDollar() {
    assertThatThrownBy(() -> template("#!/bin/sh\necho $1\n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone $ at line 2");
  }

  @Test
  void refusesValuesAShellWouldReadAsSyntax() {
    PuppetInitTemplate t = defaultTemplate();

    assertThatThrownBy(() -> t.render("certmgr.cern.ch; reboot", 8008, "production"))
        .hasMessageContaining("is not a host name");
    assertThatThrownBy(() -> t.render("certmgr.cern.ch", 0, "production")).hasMessageContaining("not a TCP port");
    assertThatThrownBy(() -> t.render("certmgr.cern.ch", 8008, "prod $(reboot)"))
        .hasMessageContaining("not a Puppet environment name");
    assertThatThrownBy(() -> template("$_X", Map.of("_X", "`reboot`")))
        .hasMessageContaining("must be plain");
    assertThatThrownBy(() -> template("", Map.of("_CASERVER_PORT", "1")))
        .hasMessageContaining("set by the runbooks");
  }

  @Test
  void readsTheConfiguredTemplateFile() throws IOException {
    Path file = dir.resolve("puppetinit");
    Files.writeString(file, "#!/bin/sh\ncertmgr-getcert -s $_CASERVER_HOSTNAME -p $_CASERVER_PORT\n");
    ForemanProperties.PuppetInit p = new ForemanProperties.PuppetInit();
    p.setTemplate(file);

    assertThat(PuppetInitTemplate.from(p).render("certmgr.cern.ch", 8008, "production"))
        .isEqualTo("#!/bin/sh\ncertmgr-getcert -s certmgr.cern.ch -p 8008\n");
  }

  @Test
  void aTemplateItCannotFillStopsStartUp() throws IOException {
    Path file = dir.resolve("puppetinit");
    Files.writeString(file, "growpart /dev/vda $_GROWPART_VDA_PARTITION\n");

    new ApplicationContextRunner()
        .withUserConfiguration(ForemanConfiguration.class)
        .withPropertyValues(
            "runbooks.foreman.url=https://judy.cern.ch:8443", "runbooks.foreman.puppetinit.template=" + file)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("$_GROWPART_VDA_PARTITION (line 1)");
            });
  }
}
