package io.gckpi.serve;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Properties;

/**
 * Connections to the PostgreSQL database the pipeline writes, one per request.
 *
 * <p>Why no pool: the build has none outside Beam's JdbcIO, the API answers dashboards and people
 * rather than heavy traffic, and PostgreSQL opens a connection in milliseconds. A connection per
 * request also means a database that restarted is simply used again on the next request, with no
 * stale pooled connections to evict.
 *
 * <p>Every connection is read-only in the session ({@code readOnlyMode=always}), so even a
 * statement that slipped past the parameter binding could not change the tables. Short connect
 * and login timeouts make an unreachable database a quick 503 instead of a hung request.
 */
final class Database {
  /** Seconds a query may run before it is cancelled; the API's queries take milliseconds. */
  static final int QUERY_TIMEOUT_SECONDS = 30;

  private final String url;
  private final String user;
  private final String password;
  private final String schema;

  Database(String url, String user, String password, String schema) {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--jdbcUrl must be a PostgreSQL JDBC URL such as"
              + " jdbc:postgresql://127.0.0.1:5432/gckpi; got: " + url);
    }
    // The same rule as the pipeline's --jdbcSchema: the name reaches the driver's search_path.
    if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "--jdbcSchema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*); got: " + schema);
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  Connection open() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("currentSchema", schema);
    properties.setProperty("readOnly", "true");
    properties.setProperty("readOnlyMode", "always");
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "10");
    properties.setProperty("socketTimeout", String.valueOf(QUERY_TIMEOUT_SECONDS * 2));
    properties.setProperty("ApplicationName", "gckpi-serve");
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }

  /**
   * Whether a failure means the database cannot serve now (503: try again later) rather than a
   * fault in the server or the schema (500). SQLSTATE classes: 08 connection exception, 53
   * insufficient resources, 57 operator intervention (shutdown, query cancelled by timeout).
   */
  static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientException
        || (state != null
            && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")));
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return redact(url) + " (schema " + schema + ")";
  }

  /** A JDBC URL with its password parameter masked, for logs and messages. */
  static String redact(String url) {
    return url == null ? null : url.replaceAll("password=[^&;]*", "password=***");
  }
}
