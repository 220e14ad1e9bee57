package io.gckpi.pipeline.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Collection;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Binds a Beam {@link Row} to the parameters of an {@link UpsertStatement}, in schema field order.
 * Lists of strings become {@code text[]}; datetimes become timestamps; strings are sent untyped
 * (see {@link JdbcSettings}) so that date columns accept {@code yyyy-MM-dd}.
 */
public final class RowParameterSetter implements JdbcIO.PreparedStatementSetter<Row> {

  @Override
  public void setParameters(Row row, PreparedStatement statement) throws SQLException {
    Schema schema = row.getSchema();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      bind(statement, i + 1, schema.getField(i).getType(), row.getValue(i));
    }
  }

  static void bind(PreparedStatement statement, int index, Schema.FieldType type, Object value)
      throws SQLException {
    TypeName typeName = type.getTypeName();
    if (value == null) {
      statement.setNull(index, sqlType(typeName));
      return;
    }
    switch (typeName) {
      case STRING -> statement.setString(index, (String) value);
      case INT16 -> statement.setShort(index, (Short) value);
      case INT32 -> statement.setInt(index, (Integer) value);
      case INT64 -> statement.setLong(index, (Long) value);
      case DOUBLE -> statement.setDouble(index, (Double) value);
      case FLOAT -> statement.setFloat(index, (Float) value);
      case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
      case DECIMAL -> statement.setBigDecimal(index, (java.math.BigDecimal) value);
      case DATETIME ->
          statement.setTimestamp(index, new Timestamp(((ReadableInstant) value).getMillis()));
      case ARRAY, ITERABLE -> {
        Collection<?> items = (Collection<?>) value;
        statement.setArray(
            index, statement.getConnection().createArrayOf("text", items.toArray()));
      }
      default ->
          throw new IllegalArgumentException(
              "no SQL binding for Beam field type " + type + " at parameter " + index);
    }
  }

  private static int sqlType(TypeName typeName) {
    return switch (typeName) {
      case STRING -> Types.VARCHAR;
      case INT16 -> Types.SMALLINT;
      case INT32 -> Types.INTEGER;
      case INT64 -> Types.BIGINT;
      case DOUBLE -> Types.DOUBLE;
      case FLOAT -> Types.REAL;
      case BOOLEAN -> Types.BOOLEAN;
      case DECIMAL -> Types.NUMERIC;
      case DATETIME -> Types.TIMESTAMP;
      case ARRAY, ITERABLE -> Types.ARRAY;
      default -> Types.OTHER;
    };
  }
}
