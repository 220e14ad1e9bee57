package io.gckpi.serve;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.rules.ExternalResource;

/**
 * A uniquely named schema in the test PostgreSQL holding gckpi's tables, built by the pipeline's
 * own migrations ({@code db/migration}, copied onto the test classpath by this module's pom, applied
 * by Flyway as the job applies them), and
 * dropped after the test. The server comes from {@code -Dgckpi.test.jdbcUrl} ({@code make db}
 * prints it); without it, or without a server there, the test fails: it never skips.
 */
final class KpiTestDatabase extends ExternalResource {
  static final String URL_PROPERTY = "gckpi.test.jdbcUrl";

  private final String schema =
      "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private String url;

  @Override
  protected void before() throws SQLException {
    url = System.getProperty(URL_PROPERTY);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "these tests need PostgreSQL: -D" + URL_PROPERTY + "=jdbc:postgresql://...; run"
              + " `make test` (which starts a local server) or take the URL from `make db`");
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot reach the test PostgreSQL at " + Database.redact(url)
              + "; start it with `make db`: " + e.getMessage(), e);
    }
    Flyway.configure(KpiTestDatabase.class.getClassLoader())
        .dataSource(url, null, null)
        .locations("classpath:db/migration")
        .schemas(schema)
        .load()
        .migrate();
  }

  @Override
  protected void after() {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }

  /** Options for a server reading this schema. */
  ServeOptions serveOptions() {
    return ServeOptions.defaults().withPort(0).withJdbc(url, null, null).withSchema(schema);
  }

  /** One row of aht_by_skill_hourly_components: a skill's sums in one hour from one window. */
  void component(long hourStartMs, String skill, String window, long handled, long sumMs)
      throws SQLException {
    execute(
        "INSERT INTO aht_by_skill_hourly_components"
            + " (hour_start_ms, skill_id, window_id, handled_count, sum_handle_ms)"
            + " VALUES (?, ?, ?, ?, ?)",
        hourStartMs, skill, window, handled, sumMs);
  }

  /**
   * One row of kpi_daily_components. The columns the view only sums along are derived: agent
   * handle time is the handle time, SLA breaches are the answers over SLA, repeat-contact FCR is
   * the FCR count and system latency 100 ms per transfer.
   */
  void daily(String date, String queue, String media, String window, long offered,
      long answered, long abandoned, long handled, long sumWeightedMs, long sumHandleMs,
      long sumQueueWaitMs, long slaBreaches, long withinSla, long fcr, long transfers)
      throws SQLException {
    execute(
        "INSERT INTO kpi_daily_components (report_date, queue_id, media_type, window_id, offered,"
            + " answered, abandoned, handled, sum_weighted_handle_ms, sum_handle_ms,"
            + " sum_agent_handle_ms, sum_queue_wait_ms, sla_breaches, answered_over_sla,"
            + " answered_within_sla, fcr_count, repeat_contact_fcr_count, transfers,"
            + " system_latency_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        LocalDate.parse(date), queue, media, window, offered, answered, abandoned, handled,
        sumWeightedMs, sumHandleMs, sumHandleMs, sumQueueWaitMs, slaBreaches, slaBreaches,
        withinSla, fcr, fcr, transfers, 100 * transfers);
  }

  /** Runs one statement with bound parameters. */
  void execute(String sql, Object... params) throws SQLException {
    try (Connection connection = open();
        PreparedStatement statement = prepare(connection, sql, params)) {
      statement.execute();
    }
  }

  /** The first column of the first row of a query with bound parameters; null without rows. */
  Object value(String sql, Object... params) throws SQLException {
    try (Connection connection = open();
        PreparedStatement statement = prepare(connection, sql, params);
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... params)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    return statement;
  }

  private Connection open() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("currentSchema", schema);
    return DriverManager.getConnection(url, properties);
  }
}
