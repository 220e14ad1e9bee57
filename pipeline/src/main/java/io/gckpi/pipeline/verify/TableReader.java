package io.gckpi.pipeline.verify;

import io.gckpi.pipeline.sink.JdbcSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's tables as text rows (column name to value, null or empty for SQL NULL), whether they
 * were written as CSV files or to PostgreSQL, so checks and tests read both sinks alike.
 */
public interface TableReader {
  List<Map<String, String>> rows(String table);

  /** Tables written by the files sink into {@code directory}. */
  static TableReader csv(Path directory) {
    return table -> {
      try {
        return CsvRows.parse(
            Files.readString(directory.resolve(table + ".csv"), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** Tables (or views) in PostgreSQL; arrays come back joined with {@code ;} as in the CSVs. */
  static TableReader jdbc(JdbcSettings settings) {
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
