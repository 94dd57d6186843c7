package org.alisw.runbooks.e2e.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads every column of every row of every table of a database (H2 or PostgreSQL; system schemas
 * left out) and looks for secrets in it: text as text, binary (BLOB, {@code bytea}, Camunda's
 * byte arrays of serialized variables and exception stack traces) decoded as UTF-8 and as
 * ISO-8859-1 (Java serialization writes ASCII strings as they are). On PostgreSQL also every large
 * object of the database ({@code pg_largeobject}, where {@code oid} columns keep their data; Camunda
 * 7.24 keeps its byte arrays in {@code bytea} and has none, but a table of ours might).
 */
public final class DatabaseScan {

  private static final Set<String> SYSTEM_SCHEMAS = Set.of("INFORMATION_SCHEMA", "PG_CATALOG", "information_schema", "pg_catalog");

  /** What the scan read: to assert it did not silently look at nothing. */
  public record Coverage(int tables, long rows, long values, long largeObjects) {
    public Coverage(int tables, long rows, long values) {
      this(tables, rows, values, 0);
    }
  }

  private final DataSource dataSource;
  private Coverage coverage = new Coverage(0, 0, 0);

  public DatabaseScan(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Coverage coverage() {
    return coverage;
  }

  /** Every occurrence of a secret, as "TABLE.COLUMN (row N)". */
  public List<Secrets.Finding> scan(Secrets secrets) throws SQLException {
    List<Secrets.Finding> found = new ArrayList<>();
    int tables = 0;
    long rows = 0;
    long values = 0;
    try (Connection connection = dataSource.getConnection()) {
      List<String[]> names = new ArrayList<>();
      DatabaseMetaData meta = connection.getMetaData();
      try (ResultSet t = meta.getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE", "PARTITIONED TABLE"})) {
        while (t.next()) {
          String schema = t.getString("TABLE_SCHEM");
          if (schema == null || !SYSTEM_SCHEMAS.contains(schema)) {
            names.add(new String[] {schema, t.getString("TABLE_NAME")});
          }
        }
      }
      for (String[] name : names) {
        tables++;
        String qualified = (name[0] == null ? "" : quote(name[0]) + ".") + quote(name[1]);
        try (Statement statement = connection.createStatement();
            ResultSet r = statement.executeQuery("SELECT * FROM " + qualified)) {
          ResultSetMetaData columns = r.getMetaData();
          long row = 0;
          while (r.next()) {
            row++;
            rows++;
            for (int c = 1; c <= columns.getColumnCount(); c++) {
              String text = read(r, c);
              if (text == null) {
                continue;
              }
              values++;
              found.addAll(secrets.findIn(text, name[1] + "." + columns.getColumnName(c) + " (row " + row + ")"));
            }
          }
        }
      }
      long largeObjects = 0;
      if ("PostgreSQL".equals(meta.getDatabaseProductName())) {
        try (Statement statement = connection.createStatement();
            ResultSet r = statement.executeQuery("SELECT oid, lo_get(oid) FROM pg_largeobject_metadata ORDER BY oid")) {
          while (r.next()) {
            largeObjects++;
            values++;
            found.addAll(secrets.findIn(decoded(r.getBytes(2)), "large object " + r.getLong(1)));
          }
        }
      }
      coverage = new Coverage(tables, rows, values, largeObjects);
    }
    return found;
  }

  private static String read(ResultSet r, int column) throws SQLException {
    Object value = r.getObject(column);
    if (value == null) {
      return null;
    }
    try {
      if (value instanceof byte[] bytes) {
        return decoded(bytes);
      }
      if (value instanceof Blob blob) {
        try (InputStream in = blob.getBinaryStream()) {
          return decoded(in.readAllBytes());
        }
      }
      if (value instanceof Clob clob) {
        try (Reader in = clob.getCharacterStream()) {
          StringBuilder text = new StringBuilder();
          char[] buffer = new char[8192];
          for (int n; (n = in.read(buffer)) > 0; ) {
            text.append(buffer, 0, n);
          }
          return text.toString();
        }
      }
    } catch (IOException e) {
      throw new SQLException("cannot read column " + column, e);
    }
    return value.toString();
  }

  private static String decoded(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8) + "\n" + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
