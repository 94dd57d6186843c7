package org.alisw.runbooks.kerberos;

import java.nio.file.Path;

/**
 * The JVM's one krb5.conf. JGSS and {@code Krb5LoginModule} read the realm and KDCs from the system
 * property {@code java.security.krb5.conf}, for the whole JVM: a service's {@code kerberos.krb5-conf}
 * sets it, and two services naming different files is refused at start instead of one silently
 * using the other's realm.
 */
final class Krb5Conf {

  static final String PROPERTY = "java.security.krb5.conf";

  private Krb5Conf() {}

  /**
   * Makes {@code file} the JVM's krb5.conf (no-op for null).
   *
   * @param setting the property naming it, for the message
   * @throws IllegalStateException when the JVM already uses another krb5.conf
   */
  static synchronized void use(Path file, String setting) {
    if (file == null) {
      return;
    }
    String wanted = file.toAbsolutePath().normalize().toString();
    String current = System.getProperty(PROPERTY);
    if (current != null && !Path.of(current).toAbsolutePath().normalize().toString().equals(wanted)) {
      throw new IllegalStateException(
          setting + " is " + wanted + " but this JVM already reads " + current + " (" + PROPERTY + ", or another"
              + " service's kerberos.krb5-conf): a JVM has one krb5.conf, so give every service the same file");
    }
    System.setProperty(PROPERTY, wanted);
  }
}
