package io.gckpi.pipeline.influx;

import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Hand-made {@code aht_by_skill_hourly} rows (the run's totals per UTC hour and skill, as the
 * job's aggregation gives them) and the points they must become, worked out by hand.
 */
final class SkillHourTotals {
  static final Schema SCHEMA =
      Schema.builder()
          .addStringField("hourStart")
          .addStringField("skillId")
          .addInt64Field("conversationCount")
          .addDoubleField("avgHandleTime")
          .build();

  /** 2024-01-15T09:00:00Z and 10:00. */
  static final long NINE = 1_705_309_200_000L;
  static final long TEN = 1_705_312_800_000L;
  static final String SPECIAL = "Tier 1, EN=US";

  private SkillHourTotals() {}

  static List<Row> rows() {
    return List.of(
        row("2024-01-15T09:00:00.000Z", "billing", 3, 120.0), // (250 + 110) s over 3
        row("2024-01-15T09:00:00.000Z", SPECIAL, 1, 45.5),
        row("2024-01-15T09:00:00.000Z", "", 2, 45.5), // 91 s over 2
        row("2024-01-15T10:00:00.000Z", "billing", 4, 250.0)); // 1000 s over 4
  }

  /** One point per (hour, skill). */
  record Point(long timeMs, String skill, double avgHandleTime, long conversationCount) {}

  static Set<Point> points() {
    return Set.of(
        new Point(NINE, "billing", 120.0, 3),
        new Point(NINE, SPECIAL, 45.5, 1),
        new Point(NINE, "", 45.5, 2),
        new Point(TEN, "billing", 250.0, 4));
  }

  static Set<String> lines() {
    return Set.of(
        "analytics_metrics,skill=billing avg_handle_time=120.0,conversation_count=3i 1705309200",
        "analytics_metrics,skill=Tier\\ 1\\,\\ EN\\=US avg_handle_time=45.5,conversation_count=1i"
            + " 1705309200",
        "analytics_metrics avg_handle_time=45.5,conversation_count=2i 1705309200",
        "analytics_metrics,skill=billing avg_handle_time=250.0,conversation_count=4i 1705312800");
  }

  static Row row(String hourStart, String skill, long count, double avgSeconds) {
    return Row.withSchema(SCHEMA).addValues(hourStart, skill, count, avgSeconds).build();
  }
}
