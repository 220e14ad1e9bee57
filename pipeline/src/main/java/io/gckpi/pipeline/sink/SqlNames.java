package io.gckpi.pipeline.sink;

/** Beam schema field names (camelCase) to SQL and CSV column names (snake_case). */
public final class SqlNames {
  private SqlNames() {}

  /** {@code queueWaitMs} -> {@code queue_wait_ms}; {@code sla120s} -> {@code sla120s}. */
  public static String column(String fieldName) {
    StringBuilder out = new StringBuilder(fieldName.length() + 8);
    for (int i = 0; i < fieldName.length(); i++) {
      char c = fieldName.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
