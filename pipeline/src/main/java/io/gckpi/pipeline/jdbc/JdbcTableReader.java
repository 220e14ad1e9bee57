package io.gckpi.pipeline.jdbc;

import io.gckpi.pipeline.tables.TableReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads back tables and views from PostgreSQL, as the JDBC sink wrote them. */
public final class JdbcTableReader {
  private JdbcTableReader() {}

  /** Tables (or views) in PostgreSQL; arrays come back joined with {@code ;} as in the CSVs. */
  public static TableReader of(JdbcSettings settings) {
    return table -> {
      try (Connection connection = settings.openConnection();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, String>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            if (value instanceof java.sql.Array array) {
              Object[] items = (Object[]) array.getArray();
              value = String.join(";", java.util.Arrays.stream(items).map(String::valueOf)
                  .toList());
            }
            row.put(meta.getColumnName(i), value == null ? null : value.toString());
          }
          rows.add(row);
        }
        return rows;
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read " + table + " from " + settings, e);
      }
    };
  }
}
