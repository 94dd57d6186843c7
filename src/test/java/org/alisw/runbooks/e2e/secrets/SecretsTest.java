package org.alisw.runbooks.e2e.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The scan's matching: a secret is found as itself, URL-encoded and inside any Base64 text. */
class SecretsTest {

  @Test
  void findsASecretLiterallyAndNamesWhere() {
    Secrets secrets = new Secrets();
    String value = secrets.create("OpenStack password", "osPw");

    assertThat(secrets.findIn("password=" + value + " end", "log line 7"))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.secret()).isEqualTo("OpenStack password");
          assertThat(f.where()).isEqualTo("log line 7");
        });
    assertThat(secrets.findIn("nothing here", "log line 8")).isEmpty();
  }

  @Test
  void findsASecretInsideAnHttpBasicHeaderWhateverTheUserNameLength() {
    Secrets secrets = new Secrets();
    String value = secrets.create("operator password", "op1Pw");
    for (String user : new String[] {"o", "op", "op1"}) {
      String header = "Authorization: Basic "
          + Base64.getEncoder().encodeToString((user + ":" + value).getBytes(StandardCharsets.UTF_8));
      assertThat(secrets.findIn(header, "REST")).as(header).hasSize(1);
    }
  }

  @Test
  void findsAUrlEncodedSecret() {
    Secrets secrets = new Secrets();
    String value = secrets.create("Foreman token", "fm/Tok");
    assertThat(secrets.findIn("GET /x?token=fm%2FTok" + value.substring("fm/Tok".length()), "REST")).hasSize(1);
  }
}
