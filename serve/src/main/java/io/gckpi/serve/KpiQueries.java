package io.gckpi.serve;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's reads. Every value from a request is a bound parameter of a constant SQL string;
 * optional filters are {@code (CAST(? AS text) IS NULL OR column = ?)} so that no statement text
 * is ever assembled from input.
 */
final class KpiQueries {
  /**
   * AHT rolled up from the per-window components rather than read from the aht_by_skill_hourly
   * view: the view has already divided, and averages cannot be summed into days. The sums can.
   * Buckets are truncated in UTC ({@code AT TIME ZONE 'UTC'}), whatever the session's zone.
   */
  private static final String AHT_SQL =
      "SELECT skill_id, bucket, sum(handled_count) AS handled, sum(sum_handle_ms) AS handle_ms"
          + " FROM (SELECT skill_id, handled_count, sum_handle_ms,"
          + "   date_trunc(?, to_timestamp(hour_start_ms / 1000.0) AT TIME ZONE 'UTC') AS bucket"
          + "   FROM aht_by_skill_hourly_components"
          + "   WHERE hour_start_ms >= ? AND hour_start_ms < ?"
          + "   AND (CAST(? AS text) IS NULL OR skill_id = ?)) AS components"
          + " GROUP BY skill_id, bucket"
          + " ORDER BY bucket, skill_id";

  private static final String KPI_DAILY_SQL =
      "SELECT * FROM kpi_daily"
          + " WHERE report_date >= ? AND report_date <= ?"
          + " AND (CAST(? AS text) IS NULL OR queue_id = ?)"
          + " AND (CAST(? AS text) IS NULL OR media_type = ?)"
          + " ORDER BY report_date, queue_id, media_type";

  private final Database database;

  KpiQueries(Database database) {
    this.database = database;
  }

  List<AhtPoint> aht(DateRange range, Optional<String> skill, Interval interval)
      throws SQLException {
    try (Connection connection = database.open();
        PreparedStatement statement = connection.prepareStatement(AHT_SQL)) {
      statement.setQueryTimeout(Database.QUERY_TIMEOUT_SECONDS);
      statement.setString(1, interval.truncateTo);
      statement.setLong(2, range.startMs());
      statement.setLong(3, range.endExclusiveMs());
      bindOptional(statement, 4, skill);
      List<AhtPoint> points = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String bucket =
              rs.getObject("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC).toString();
          points.add(
              AhtPoint.fromSums(
                  rs.getString("skill_id"), bucket, rs.getLong("handled"),
                  rs.getLong("handle_ms")));
        }
      }
      return points;
    }
  }

  /** The kpi_daily rows, every column of the view, so a column added to the view appears here. */
  List<Map<String, Object>> kpiDaily(
      DateRange range, Optional<String> queue, Optional<String> media) throws SQLException {
    try (Connection connection = database.open();
        PreparedStatement statement = connection.prepareStatement(KPI_DAILY_SQL)) {
      statement.setQueryTimeout(Database.QUERY_TIMEOUT_SECONDS);
      statement.setObject(1, range.start());
      statement.setObject(2, range.end());
      bindOptional(statement, 3, queue);
      bindOptional(statement, 5, media);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnLabel(c), jsonValue(rs.getObject(c)));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** Throws when the database cannot answer {@code SELECT 1}. */
  void ping() throws SQLException {
    try (Connection connection = database.open();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(Database.QUERY_TIMEOUT_SECONDS);
      try (ResultSet rs = statement.executeQuery("SELECT 1")) {
        rs.next();
      }
    }
  }

  /** Binds a filter to both placeholders of {@code (CAST(? AS text) IS NULL OR c = ?)}. */
  private static void bindOptional(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    statement.setString(index, value.orElse(null));
    statement.setString(index + 1, value.orElse(null));
  }

  /**
   * A column value as JSON wants it. PostgreSQL's sum() of bigint is numeric: a whole sum (scale
   * 0) becomes an integer and a quotient (the view's {@code / 1000.0}) a double, so counts stay
   * counts and seconds stay seconds. Dates become YYYY-MM-DD, timestamps ISO-8601 in UTC.
   */
  static Object jsonValue(Object value) {
    if (value instanceof BigDecimal decimal) {
      if (decimal.scale() <= 0) {
        try {
          return decimal.longValueExact();
        } catch (ArithmeticException tooLarge) {
          return decimal.toBigIntegerExact();
        }
      }
      return decimal.doubleValue();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant().toString();
    }
    if (value == null || value instanceof Number || value instanceof Boolean
        || value instanceof String) {
      return value;
    }
    return value.toString();
  }
}
