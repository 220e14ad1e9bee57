package io.gckpi.transforms;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A KPI spec that cannot be used. It carries where (the spec's name, its line) and what (the
 * field's dotted path and the reason) as values, so that a launcher or a test reads them
 * without parsing the message; the message joins them as {@code spec.yaml:12: field 'sla.x': ...}.
 *
 * <p>A spec record's own check throws {@link #field} with only the field and reason; the
 * {@link KpiSpecLoader} adds the source, the field's full path and its line.
 */
public class KpiSpecException extends IllegalArgumentException {
  private final @Nullable String source;
  private final int line;
  private final @Nullable String field;
  private final String reason;

  public KpiSpecException(
      @Nullable String source, int line, @Nullable String field, String reason,
      @Nullable Throwable cause) {
    super(message(source, line, field, reason), cause);
    this.source = source;
    this.line = line;
    this.field = field;
    this.reason = reason;
  }

  /** A spec that cannot be read at all (missing file, unreadable location). */
  public KpiSpecException(String source, String reason, @Nullable Throwable cause) {
    this(source, -1, null, reason, cause);
  }

  /** A check of one field of a spec record failed; the loader says where. */
  public static KpiSpecException field(String field, String reason) {
    return new KpiSpecException(null, -1, field, reason, null);
  }

  /** The spec's location as given (a path, URI or resource), or null from a record's check. */
  public @Nullable String source() {
    return source;
  }

  /** The 1-based line of the field or token in the spec text; -1 when unknown. */
  public int line() {
    return line;
  }

  /** The field's dotted path ({@code weightedHandleTime.rules[0].multiplier}), or null. */
  public @Nullable String field() {
    return field;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }

  private static String message(
      @Nullable String source, int line, @Nullable String field, String reason) {
    StringBuilder out = new StringBuilder();
    if (source != null) {
      out.append(source).append(line > 0 ? ":" + line : "").append(": ");
    }
    if (field != null) {
      out.append("field '").append(field).append("': ");
    }
    return out.append(reason).toString();
  }
}
