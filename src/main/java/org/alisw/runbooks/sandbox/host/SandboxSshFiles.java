package org.alisw.runbooks.sandbox.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The files through which the sandbox hands its simulated hosts to the production SSH adapter,
 * exactly as an operator's machine would have them: the client key pair ({@code id_ecdsa}, OpenSSH
 * format), a {@code known_hosts} file with the simulated hosts' keys, and the address file that
 * maps each host name to its loopback port.
 */
public final class SandboxSshFiles {

  static final String IDENTITY = "id_ecdsa";
  static final String KNOWN_HOSTS = "known_hosts";
  static final String ADDRESSES = "hosts";

  private final Path directory;
  /** The identity's passphrase, null for an unencrypted identity. */
  private final String passphrase;
  private boolean identityGenerated;

  SandboxSshFiles(Path directory) {
    this(directory, null);
  }

  /**
   * @param passphrase encrypts the generated identity and decrypts one left by an earlier run; the
   *     production adapter reads it from the environment variable {@code
   *     runbooks.hosts.ssh.passphrase-env} names. Null or empty: an unencrypted identity.
   */
  SandboxSshFiles(Path directory, String passphrase) {
    this.directory = directory;
    this.passphrase = passphrase == null || passphrase.isEmpty() ? null : passphrase;
  }

  Path identityFile() {
    return directory.resolve(IDENTITY);
  }

  Path knownHostsFile() {
    return directory.resolve(KNOWN_HOSTS);
  }

  Path addressFile() {
    return directory.resolve(ADDRESSES);
  }

  /** The client key pair: read from the directory if an earlier run left one, else generated. */
  KeyPair clientKeyPair() {
    try {
      Files.createDirectories(directory);
      if (Files.exists(identityFile())) {
        return read(identityFile(), passphrase);
      }
      KeyPair pair = SimulatedHostKeys.generate();
      writeIdentity(identityFile(), pair, passphrase);
      identityGenerated = true;
      return pair;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the sandbox SSH identity in " + directory, e);
    }
  }

  /**
   * Writes {@code pair} as an OpenSSH private key (owner-only permissions where the file system
   * has them) and its {@code .pub} beside it; encrypted (bcrypt KDF, AES-256-CTR) when a
   * passphrase is given.
   */
  public static void writeIdentity(Path file, KeyPair pair, String passphrase) throws IOException {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setCipherName("AES");
      encryption.setCipherMode("CTR");
      encryption.setCipherType("256");
      encryption.setPassword(passphrase);
    }
    OpenSSHKeyPairResourceWriter writer = new OpenSSHKeyPairResourceWriter();
    try (OutputStream out = Files.newOutputStream(file)) {
      writer.writePrivateKey(pair, "runbooks-sandbox", encryption, out);
      restrictToOwner(file);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode the key pair", e);
    }
    writeLines(
        file.resolveSibling(file.getFileName() + ".pub"),
        List.of(SimulatedHostKeys.publicKeyText(pair.getPublic()) + " runbooks-sandbox"));
  }

  /** Writes the file whole or not at all, so the adapter never reads half of it. */
  static void writeLines(Path file, Collection<String> lines) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".sandbox", ".tmp");
      Files.write(temporary, lines, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Removes what this run wrote: known_hosts and the address file (they describe daemons that are
   * gone), the identity only if this run generated it (one left by the developer stays), and the
   * directory when nothing else is left in it.
   */
  void delete() {
    try {
      Files.deleteIfExists(knownHostsFile());
      Files.deleteIfExists(addressFile());
      if (identityGenerated) {
        Files.deleteIfExists(identityFile());
        Files.deleteIfExists(identityFile().resolveSibling(IDENTITY + ".pub"));
      }
      try (var left = Files.list(directory)) {
        if (left.findAny().isEmpty()) {
          Files.delete(directory);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + directory, e);
    }
  }

  private static KeyPair read(Path file, String passphrase) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Iterator<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
                  null,
                  NamedResource.ofName(file.toString()),
                  in,
                  passphrase == null ? null : FilePasswordProvider.of(passphrase))
              .iterator();
      if (!pairs.hasNext()) {
        throw new IOException(file + " holds no key pair");
      }
      return pairs.next();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key pair in " + file, e);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the sandbox key guards nothing real anyway.
    }
  }
}
