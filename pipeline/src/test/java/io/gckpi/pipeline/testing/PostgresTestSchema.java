package io.gckpi.pipeline.testing;

import io.gckpi.pipeline.jdbc.JdbcSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.rules.ExternalResource;

/**
 * A uniquely named schema in the local test PostgreSQL, created before a test and dropped after.
 * The server comes from {@code -Dgckpi.test.jdbcUrl} (set by {@code make test}, printed by {@code
 * make db}). Without it, or without a server there, the test fails with instructions: a test that
 * needs PostgreSQL never skips silently.
 */
public class PostgresTestSchema extends ExternalResource {
  public static final String URL_PROPERTY = "gckpi.test.jdbcUrl";

  private final String schema;
  private JdbcSettings settings;

  public PostgresTestSchema() {
    this("t_");
  }

  private PostgresTestSchema(String prefix) {
    this.schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** A schema whose name starts with {@code prefix}, to tell a test's schemas from others'. */
  public static PostgresTestSchema withPrefix(String prefix) {
    if (!prefix.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a schema name prefix: " + prefix);
    }
    return new PostgresTestSchema(prefix);
  }

  @Override
  protected void before() throws SQLException {
    String url = System.getProperty(URL_PROPERTY);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "PostgreSQL tests need -D" + URL_PROPERTY + "=jdbc:postgresql://...; run them with"
              + " `make test` (which starts a local server) or `make db` to get the URL");
    }
    settings = JdbcSettings.of(url).withSchema(schema);
    try (Connection connection = JdbcSettings.of(url).openConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot reach the test PostgreSQL at " + JdbcSettings.of(url)
              + "; start it with `make db`: " + e.getMessage(), e);
    }
  }

  @Override
  protected void after() {
    try (Connection connection = JdbcSettings.of(System.getProperty(URL_PROPERTY)).openConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }

  public JdbcSettings settings() {
    return settings;
  }

  public String schema() {
    return schema;
  }

  /** The server's JDBC URL, for job options ({@code --jdbcUrl} with {@code --jdbcSchema}). */
  public String url() {
    return System.getProperty(URL_PROPERTY);
  }

  /** Runs a query and returns every row as a list of column values (as strings). */
  public List<List<String>> query(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection connection = settings.openConnection();
        Statement statement = connection.createStatement();
        var rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
          row.add(rs.getString(c));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  public void execute(String sql) throws SQLException {
    try (Connection connection = settings.openConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
