package io.gckpi.benchmarks;

import java.util.Collection;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * A Beam {@link Row} as one line of PostgreSQL {@code COPY ... (FORMAT csv)}: null is an empty
 * unquoted field, text is always quoted (so an empty string stays apart from null), booleans are
 * {@code t}/{@code f}, numbers are as Java prints them, and a list is a quoted array literal.
 */
final class CopyCsv {
  private CopyCsv() {}

  static void appendLine(StringBuilder out, Row row) {
    Schema schema = row.getSchema();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object value = row.getValue(i);
      if (value == null) {
        continue;
      }
      switch (schema.getField(i).getType().getTypeName()) {
        case STRING -> quoted(out, (String) value);
        case BOOLEAN -> out.append((Boolean) value ? 't' : 'f');
        case ARRAY, ITERABLE -> quoted(out, arrayLiteral((Collection<?>) value));
        default -> out.append(value); // numbers
      }
    }
    out.append('\n');
  }

  private static String arrayLiteral(Collection<?> items) {
    StringBuilder literal = new StringBuilder("{");
    for (Object item : items) {
      if (literal.length() > 1) {
        literal.append(',');
      }
      literal.append('"')
          .append(item.toString().replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return literal.append('}').toString();
  }

  private static void quoted(StringBuilder out, String text) {
    out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }
}
