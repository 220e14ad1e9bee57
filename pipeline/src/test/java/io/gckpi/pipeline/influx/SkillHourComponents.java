package io.gckpi.pipeline.influx;

import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Hand-made {@code aht_by_skill_hourly_components} rows, some (hour, skill) split over two
 * half-hour windows, and the points they must become, worked out by hand.
 */
final class SkillHourComponents {
  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("hourStartMs")
          .addStringField("skillId")
          .addInt64Field("handledCount")
          .addInt64Field("sumHandleMs")
          .addStringField("windowId")
          .build();

  /** 2024-01-15T09:00:00Z and 10:00. */
  static final long NINE = 1_705_309_200_000L;
  static final long TEN = 1_705_312_800_000L;
  static final String SPECIAL = "Tier 1, EN=US";

  private SkillHourComponents() {}

  static List<Row> rows() {
    return List.of(
        row(NINE, "billing", 2, 250_000, "2024-01-15T09:00:00Z"),
        row(NINE, "billing", 1, 110_000, "2024-01-15T09:30:00Z"),
        row(NINE, SPECIAL, 1, 45_500, "2024-01-15T09:00:00Z"),
        row(NINE, "", 2, 91_000, "2024-01-15T09:30:00Z"),
        row(TEN, "billing", 4, 1_000_000, "2024-01-15T10:00:00Z"));
  }

  /** One point per (hour, skill), the two billing windows of 09:00 summed first. */
  record Point(long timeMs, String skill, double avgHandleTime, long conversationCount) {}

  static Set<Point> points() {
    return Set.of(
        new Point(NINE, "billing", 120.0, 3), // (250 + 110) s over 3
        new Point(NINE, SPECIAL, 45.5, 1),
        new Point(NINE, "", 45.5, 2), // 91 s over 2
        new Point(TEN, "billing", 250.0, 4)); // 1000 s over 4
  }

  static Set<String> lines() {
    return Set.of(
        "analytics_metrics,skill=billing avg_handle_time=120.0,conversation_count=3i 1705309200",
        "analytics_metrics,skill=Tier\\ 1\\,\\ EN\\=US avg_handle_time=45.5,conversation_count=1i"
            + " 1705309200",
        "analytics_metrics avg_handle_time=45.5,conversation_count=2i 1705309200",
        "analytics_metrics,skill=billing avg_handle_time=250.0,conversation_count=4i 1705312800");
  }

  private static Row row(long hour, String skill, long handled, long handleMs, String window) {
    return Row.withSchema(SCHEMA).addValues(hour, skill, handled, handleMs, window).build();
  }
}
