package org.alisw.runbooks.runbook.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** cloud-init's host key block as it appears on a VM's console. */
class ConsoleFingerprintsTest {

  private static final String ECDSA = "SHA256:" + "a".repeat(42) + "E";
  private static final String ED25519 = "SHA256:" + "b+/".repeat(14) + "Q";

  @Test
  void readsTheFingerprintsOfTheBlockWithOrWithoutThePrefix() {
    String console =
        "[   24.6] cloud-init[1037]: Cloud-init v. 19.4 running 'modules:final'\n"
            + "ec2: \n"
            + "ec2: #############################################################\n"
            + "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\n"
            + "ec2: 256 " + ECDSA + " root@alibuild07 (ECDSA)\r\n"
            + "256 " + ED25519 + "= root@alibuild07 (ED25519)\n"
            + "ec2: -----END SSH HOST KEY FINGERPRINTS-----\n"
            + "alibuild07 login: \n";

    assertThat(ConsoleFingerprints.parse(console)).containsExactly(ECDSA, ED25519);
  }

  @Test
  void onlyTheLastCompleteBlockCountsAndAnUnfinishedOneIsIgnored() {
    String console =
        "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 " + ECDSA + " old boot\n-----END SSH HOST KEY FINGERPRINTS-----\n"
            + "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 " + ED25519 + " this boot\n-----END SSH HOST KEY FINGERPRINTS-----\n"
            + "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 SHA256:" + "c".repeat(43) + " cut off";

    assertThat(ConsoleFingerprints.parse(console)).containsExactly(ED25519);
  }

  @Test
  void fingerprintsOutsideTheBlockAndMd5OnesAreNotTakenAndNoBlockMeansNone() {
    assertThat(ConsoleFingerprints.parse("Info: Certificate Request fingerprint (SHA256): " + ECDSA + "\nlogin:")).isEmpty();
    assertThat(ConsoleFingerprints.parse("-----BEGIN SSH HOST KEY FINGERPRINTS-----\n2048 MD5:12:34:56 root@x (RSA)\n-----END SSH HOST KEY FINGERPRINTS-----")).isEmpty();
    assertThat(ConsoleFingerprints.parse(null)).isEmpty();
    assertThat(ConsoleFingerprints.canonical(" " + ECDSA + "= ")).isEqualTo(ECDSA);
  }
}
