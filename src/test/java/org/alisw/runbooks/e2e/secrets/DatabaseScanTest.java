package org.alisw.runbooks.e2e.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.alisw.runbooks.e2e.process.PostgresServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The database scan reads text and binary columns of every table and names where it found a secret. */
class DatabaseScanTest {

  @Test
  void findsASecretInATextColumnAndInASerializedBlobAndNamesTableAndColumn() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:database-scan-test;DB_CLOSE_DELAY=-1");
    Secrets secrets = new Secrets();
    String password = secrets.create("OpenStack password", "osPw");
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ACT_HI_VARINST (ID_ VARCHAR(64), TEXT_ VARCHAR(4000))");
      s.execute("CREATE TABLE ACT_GE_BYTEARRAY (ID_ VARCHAR(64), BYTES_ BLOB)");
      s.execute("CREATE TABLE CLEAN (ID_ VARCHAR(64), TEXT_ VARCHAR(4000))");
      s.execute("INSERT INTO ACT_HI_VARINST VALUES ('1', 'harmless'), ('2', 'pw " + password + "')");
      s.execute("INSERT INTO CLEAN VALUES ('1', 'nothing secret')");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO ACT_GE_BYTEARRAY VALUES ('1', ?)")) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
          out.writeObject(new java.util.HashMap<>(java.util.Map.of("password", password)));
        }
        p.setBytes(1, bytes.toByteArray());
        p.execute();
      }
    }

    DatabaseScan scan = new DatabaseScan(dataSource);

    assertThat(scan.scan(secrets))
        .extracting(Secrets.Finding::where)
        .containsExactlyInAnyOrder("ACT_HI_VARINST.TEXT_ (row 2)", "ACT_GE_BYTEARRAY.BYTES_ (row 1)");
    assertThat(scan.coverage().tables()).isEqualTo(3);
    assertThat(scan.coverage().rows()).isEqualTo(4);
  }

  /** PostgreSQL keeps binaries in bytea, and oid columns point at large objects: all are read. */
  @Test
  void onPostgresqlReadsByteaAndLargeObjectsToo() throws Exception {
    Secrets secrets = new Secrets();
    String token = secrets.create("Foreman token", "fmTok");
    String passphrase = secrets.create("SSH key passphrase", "sshPp");
    String databasePassword = secrets.create("database password", "dbPw");
    try (PostgresServer postgres = PostgresServer.start("scan", databasePassword)) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(postgres.jdbcUrl("scan"));
      dataSource.setUser("postgres");
      dataSource.setPassword(databasePassword);
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE act_ge_bytearray (id_ varchar(64), bytes_ bytea)");
        s.execute("CREATE TABLE attachments (id_ varchar(64), content_ oid)");
        s.execute("CREATE TABLE clean (id_ varchar(64), text_ text)");
        s.execute("INSERT INTO clean VALUES ('1', 'nothing secret')");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO act_ge_bytearray VALUES ('1', ?)")) {
          p.setBytes(1, ("token=" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          p.execute();
        }
        s.execute("INSERT INTO attachments VALUES ('1', lo_from_bytea(0, convert_to('passphrase "
            + passphrase + "', 'UTF8')))");
      }

      DatabaseScan scan = new DatabaseScan(dataSource);

      assertThat(scan.scan(secrets))
          .extracting(Secrets.Finding::where)
          .containsExactlyInAnyOrder("act_ge_bytearray.bytes_ (row 1)", "large object " + largeObjectId(dataSource));
      assertThat(scan.coverage().tables()).isEqualTo(3);
      assertThat(scan.coverage().largeObjects()).isEqualTo(1);
    }
  }

  private static long largeObjectId(javax.sql.DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT content_ FROM attachments")) {
      r.next();
      return r.getLong(1);
    }
  }
}
