package io.gckpi.pipeline.jdbc;

import io.gckpi.pipeline.tables.SqlNames;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Builds the one statement gckpi uses to write a table: an upsert that replaces a row whole when
 * its key exists and skips it when nothing changed.
 *
 * <pre>{@code
 * INSERT INTO t (k, a, b) VALUES (?, ?, ?)
 * ON CONFLICT (k) DO UPDATE SET a = EXCLUDED.a, b = EXCLUDED.b, updated_at = now()
 * WHERE (t.a, t.b) IS DISTINCT FROM (EXCLUDED.a, EXCLUDED.b)
 * }</pre>
 *
 * <p>The WHERE clause is what makes a re-run cheap and observable: an unchanged row is not
 * rewritten (no dead tuple, {@code updated_at} keeps the time of the last real change). Every
 * table has an {@code updated_at timestamptz} column for that.
 */
public final class UpsertStatement {
  private UpsertStatement() {}

  public static String forSchema(String table, Schema schema, List<String> keyFields) {
    for (String key : keyFields) {
      if (!schema.hasField(key)) {
        throw new IllegalArgumentException(
            "upsert key " + key + " is not a field of " + table + "'s schema " + schema);
      }
    }
    List<String> columns =
        schema.getFields().stream()
            .map(f -> SqlNames.column(f.getName()))
            .collect(Collectors.toList());
    List<String> keys = keyFields.stream().map(SqlNames::column).collect(Collectors.toList());
    List<String> values =
        columns.stream().filter(c -> !keys.contains(c)).collect(Collectors.toList());
    StringBuilder sql = new StringBuilder();
    sql.append("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns));
    sql.append(") VALUES (")
        .append(columns.stream().map(c -> "?").collect(Collectors.joining(", ")))
        .append(")");
    sql.append(" ON CONFLICT (").append(String.join(", ", keys)).append(")");
    if (values.isEmpty()) {
      return sql.append(" DO NOTHING").toString();
    }
    sql.append(" DO UPDATE SET ")
        .append(values.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")))
        .append(", updated_at = now()");
    sql.append(" WHERE (")
        .append(values.stream().map(c -> table + "." + c).collect(Collectors.joining(", ")))
        .append(") IS DISTINCT FROM (")
        .append(values.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", ")))
        .append(")");
    return sql.toString();
  }
}
