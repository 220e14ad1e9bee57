package io.gckpi.pipeline.influx;

import io.gckpi.pipeline.report.AhtBySkillHourlyReport;
import java.time.Instant;
import java.math.BigDecimal;

/**
 * InfluxDB line protocol for the hourly AHT per skill: one line per (UTC hour, skill),
 *
 * <pre>
 * analytics_metrics,skill=SKILL avg_handle_time=SECONDS,conversation_count=COUNTi HOUR_START
 * </pre>
 *
 * with the hour start in seconds ({@link InfluxSettings#PRECISION}). A point is identified by its
 * measurement, tag set and timestamp, so writing an hour again overwrites it instead of adding a
 * second point. The values are those of the {@code aht_by_skill_hourly} table: handle time summed
 * over the handled conversations, divided by their count, in seconds.
 *
 * <p>Escaping follows the line protocol: a backslash before commas and spaces in the measurement,
 * and before commas, equals signs and spaces in tag keys, tag values and field keys. Interactions
 * without a requested skill have skill {@code ""}; InfluxDB has no empty tag values, so their
 * points carry no {@code skill} tag at all (InfluxQL's {@code WHERE skill = ''} finds them).
 * Values the protocol cannot carry are refused rather than written wrongly: a line break, or a
 * backslash at the end of a tag value or before a character that is escaped (InfluxDB would read
 * it as an escape of the next delimiter).
 */
public final class LineProtocol {
  public static final String MEASUREMENT = "analytics_metrics";
  public static final String SKILL_TAG = "skill";
  public static final String AVG_HANDLE_TIME = "avg_handle_time";
  public static final String CONVERSATION_COUNT = "conversation_count";

  private LineProtocol() {}

  /** The point of one row of the run's {@code aht_by_skill_hourly} table. */
  public static String ahtPoint(AhtBySkillHourlyReport skillHour) {
    StringBuilder line = new StringBuilder(128).append(measurement(MEASUREMENT));
    if (!skillHour.getSkillId().isEmpty()) {
      line.append(',').append(key(SKILL_TAG)).append('=').append(tagValue(skillHour.getSkillId()));
    }
    return line.append(' ')
        .append(key(AVG_HANDLE_TIME)).append('=').append(floatValue(skillHour.getAvgHandleTime()))
        .append(',')
        .append(key(CONVERSATION_COUNT)).append('=').append(integerValue(
            skillHour.getConversationCount()))
        .append(' ')
        .append(Instant.parse(skillHour.getHourStart()).getEpochSecond())
        .toString();
  }

  /** A measurement name: commas and spaces escaped. */
  public static String measurement(String name) {
    return escape(name, ", ");
  }

  /** A tag key or field key: commas, equals signs and spaces escaped. */
  public static String key(String name) {
    return escape(name, ",= ");
  }

  /** A tag value: commas, equals signs and spaces escaped; never empty. */
  public static String tagValue(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("InfluxDB has no empty tag values; leave the tag out");
    }
    return escape(value, ",= ");
  }

  /**
   * A float field value in plain decimal notation, exact to the double (the shortest decimal that
   * reads back as the same double). NaN and infinities have no line protocol form.
   */
  public static String floatValue(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("line protocol has no float " + value);
    }
    return BigDecimal.valueOf(value).toPlainString();
  }

  /** An integer field value: the digits and the {@code i} suffix. */
  public static String integerValue(long value) {
    return value + "i";
  }

  private static String escape(String text, String special) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException(
            "line protocol cannot carry a line break in a name or tag: " + quoted(text));
      }
      if (c == '\\'
          && (i == text.length() - 1 || special.indexOf(text.charAt(i + 1)) >= 0)) {
        throw new IllegalArgumentException("line protocol cannot carry a backslash at the end of"
            + " a name or tag, or before " + quoted(special) + ": " + quoted(text));
      }
      if (special.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String quoted(String text) {
    return '"' + text.replace("\n", "\\n").replace("\r", "\\r") + '"';
  }
}
