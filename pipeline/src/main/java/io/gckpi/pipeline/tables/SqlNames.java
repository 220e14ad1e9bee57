package io.gckpi.pipeline.tables;

/** Beam schema field names (camelCase) to SQL and CSV column names (snake_case). */
public final class SqlNames {
  private SqlNames() {}

  /**
   * {@code queueWaitMs} -> {@code queue_wait_ms}; a number after a letter starts a word too, so
   * {@code slaBreaches120s} -> {@code sla_breaches_120s} (the original report's column name).
   */
  public static String column(String fieldName) {
    StringBuilder out = new StringBuilder(fieldName.length() + 8);
    for (int i = 0; i < fieldName.length(); i++) {
      char c = fieldName.charAt(i);
      char previous = i > 0 ? fieldName.charAt(i - 1) : 0;
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        if (Character.isDigit(c) && Character.isLetter(previous)) {
          out.append('_');
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
