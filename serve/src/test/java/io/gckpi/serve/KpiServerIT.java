package io.gckpi.serve;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The API end to end: a server on a free port reading a fresh schema in the real PostgreSQL,
 * built by the pipeline's migrations and filled with hand-made component rows. Every expected
 * number below is worked out by hand from those rows.
 */
@RunWith(JUnit4.class)
public class KpiServerIT {
  private static final long HOUR = 3_600_000L;
  /** 2024-01-15T00:00:00Z. */
  private static final long JAN_15 = 1_705_276_800_000L;
  private static final long JAN_16 = JAN_15 + 24 * HOUR;
  private static final String[] INJECTIONS = {
    "x' OR '1'='1", "A' OR 'a'='a' --", "A'; DROP TABLE aht_by_skill_hourly_components; --"
  };

  @Rule public final KpiTestDatabase db = new KpiTestDatabase();
  private KpiServer server;
  private Api api;

  @Before
  public void fillAndStart() throws Exception {
    // skill A, 10:00 on the 15th, from two extraction windows: 3 conversations, 900 s -> 300 s.
    db.component(JAN_15 + 10 * HOUR, "A", "w1", 2, 600_000);
    db.component(JAN_15 + 10 * HOUR, "A", "w2", 1, 300_000);
    // skill A, 11:00: 1 conversation of 60 s. The day is 960 s / 4 = 240 s, where a mean of the
    // two hourly means would say (300 + 60) / 2 = 180 s.
    db.component(JAN_15 + 11 * HOUR, "A", "w1", 1, 60_000);
    // skill B, 10:00: 3 conversations of 200 s in w1 and one of 400 s in w2: 1000 s / 4 = 250 s,
    // where a mean of the windows' means would say (200 + 400) / 2 = 300 s.
    db.component(JAN_15 + 10 * HOUR, "B", "w1", 3, 600_000);
    db.component(JAN_15 + 10 * HOUR, "B", "w2", 1, 400_000);
    // skill C, 10:00: nothing handled: no average rather than a division by zero.
    db.component(JAN_15 + 10 * HOUR, "C", "w1", 0, 0);
    // The neighbouring days' edges: 23:00 on the 14th and 00:00 on the 16th.
    db.component(JAN_15 - HOUR, "A", "w0", 1, 1_000);
    db.component(JAN_16, "A", "w3", 5, 500_000);

    // kpi_daily for 2024-01-15 q1 voice, from two windows:
    // offered 12, answered 10, abandoned 2, handled 10.
    db.daily(
        "2024-01-15", "q1", "voice", "w1", 10, 8, 2, 8, 2_400_000, 2_000_000, 50_000, 1, 7, 6, 1);
    db.daily("2024-01-15", "q1", "voice", "w2", 2, 2, 0, 2, 600_000, 500_000, 10_000, 0, 2, 2, 0);
    db.daily("2024-01-15", "q2", "chat", "w1", 4, 4, 0, 4, 400_000, 400_000, 4_000, 0, 4, 4, 0);
    db.daily("2024-01-16", "q1", "voice", "w3", 1, 1, 0, 1, 100_000, 100_000, 0, 0, 1, 1, 0);

    server = KpiServer.start(db.serveOptions());
    api = new Api(server);
  }

  @After
  public void stop() {
    server.close();
  }

  private Api.Reply aht(String start, String end, String... more) throws Exception {
    Map<String, String> params = Api.params("start_date", start, "end_date", end);
    params.putAll(Api.params(more));
    return api.get("/metrics/aht", params);
  }

  /** Points as "timestamp skill avg count" lines, for comparing whole answers at once. */
  private static List<String> points(Api.Reply reply) {
    assertEquals(reply.json().toString(), 200, reply.status());
    List<String> lines = new ArrayList<>();
    for (JsonNode p : reply.json()) {
      assertEquals(List.of("skill", "avg_handle_time", "conversation_count", "timestamp"),
          fieldNames(p));
      lines.add(p.get("timestamp").asText() + " " + p.get("skill").asText() + " "
          + (p.get("avg_handle_time").isNull() ? "null" : p.get("avg_handle_time").asDouble())
          + " " + p.get("conversation_count").asLong());
    }
    return lines;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  public void hourlyAhtIsWeightedAcrossWindows() throws Exception {
    assertEquals(
        List.of(
            "2024-01-15T10:00:00Z A 300.0 3",
            "2024-01-15T10:00:00Z B 250.0 4",
            "2024-01-15T10:00:00Z C null 0",
            "2024-01-15T11:00:00Z A 60.0 1"),
        points(aht("2024-01-15", "2024-01-15")));
    assertEquals(points(aht("2024-01-15", "2024-01-15")),
        points(aht("2024-01-15", "2024-01-15", "interval", "1h")));
  }

  @Test
  public void dailyAhtRollsUpSumsNotAverages() throws Exception {
    assertEquals(
        List.of(
            "2024-01-15T00:00:00Z A 240.0 4",
            "2024-01-15T00:00:00Z B 250.0 4",
            "2024-01-15T00:00:00Z C null 0",
            "2024-01-16T00:00:00Z A 100.0 5"),
        points(aht("2024-01-15", "2024-01-16", "interval", "1d")));
  }

  @Test
  public void endDateIsInclusiveAndSkillFilters() throws Exception {
    assertEquals(
        List.of(
            "2024-01-14T00:00:00Z A 1.0 1",
            "2024-01-15T00:00:00Z A 240.0 4",
            "2024-01-16T00:00:00Z A 100.0 5"),
        points(aht("2024-01-14", "2024-01-16", "interval", "1d", "skill", "A")));
    assertEquals(List.of("2024-01-16T00:00:00Z A 100.0 5"),
        points(aht("2024-01-16", "2024-01-16", "skill", "A")));
    assertEquals(List.of(), points(aht("2024-01-17", "2024-01-17")));
  }

  @Test
  public void hourlyAhtAgreesWithTheView() throws Exception {
    JsonNode points = aht("2024-01-14", "2024-01-16").json();
    assertEquals(6, points.size()); // eight rows; A and B at 10:00 on the 15th have two each
    for (JsonNode p : points) {
      String where = " FROM aht_by_skill_hourly WHERE skill_id = ? AND hour_start = ?";
      Object[] key = {p.get("skill").asText(), OffsetDateTime.parse(p.get("timestamp").asText())};
      assertEquals(p.toString(), p.get("conversation_count").asLong(),
          ((Number) db.value("SELECT conversation_count" + where, key)).longValue());
      Object viewAvg = db.value("SELECT avg_handle_time" + where, key);
      if (viewAvg == null) {
        assertTrue(p.toString(), p.get("avg_handle_time").isNull());
      } else {
        assertEquals(((Number) viewAvg).doubleValue(), p.get("avg_handle_time").asDouble(), 1e-9);
      }
    }
  }

  @Test
  public void kpiDailyRowsCarryTheViewsColumns() throws Exception {
    Api.Reply reply = api.get("/metrics/kpi-daily",
        Map.of("start_date", "2024-01-15", "end_date", "2024-01-15", "queue", "q1"));
    assertEquals(reply.json().toString(), 200, reply.status());
    assertEquals(1, reply.json().size());
    JsonNode row = reply.json().get(0);
    assertEquals("2024-01-15", row.get("report_date").asText());
    assertEquals("q1", row.get("queue_id").asText());
    assertTrue("no queues row names q1", row.get("queue_name").isNull());
    assertEquals("voice", row.get("media_type").asText());
    assertTrue(row.get("interaction_volume").isIntegralNumber());
    assertEquals(10, row.get("interaction_volume").asLong());
    assertEquals(12, row.get("offered").asLong());
    assertEquals(10, row.get("answered").asLong());
    assertEquals(2, row.get("abandoned").asLong());
    assertEquals(1, row.get("sla_breaches_120s").asLong());
    assertEquals(1, row.get("transfers").asLong());
    assertEquals(100, row.get("system_latency_ms").asLong());
    // 3000 s of weighted handle time over 10 handled; 2500 s of handle time over 10.
    assertEquals(300.0, row.get("weighted_effective_handle_time").asDouble(), 1e-9);
    assertEquals(250.0, row.get("aht").asDouble(), 1e-9);
    // 60 s of queue wait over 12 offered; 8 of 10 handled resolved first time.
    assertEquals(5.0, row.get("avg_queue_wait").asDouble(), 1e-9);
    assertEquals(0.8, row.get("first_contact_resolution_rate").asDouble(), 1e-12);
    assertEquals(2.0 / 12, row.get("abandon_rate").asDouble(), 1e-12);
    assertEquals(9.0 / 12, row.get("service_level").asDouble(), 1e-12);
    assertEquals(
        List.of("report_date", "queue_id", "queue_name", "media_type", "interaction_volume",
            "weighted_effective_handle_time", "sla_breaches_120s", "avg_queue_wait",
            "first_contact_resolution_rate", "offered", "answered", "abandoned", "abandon_rate",
            "service_level", "aht", "transfers", "system_latency_ms", "repeat_contact_fcr"),
        fieldNames(row));
  }

  /** The view names the queue from the queues dimension the job writes. */
  @Test
  public void kpiDailyRowsNameTheQueue() throws Exception {
    db.execute("INSERT INTO queues (id, name) VALUES (?, ?)", "q1", "Billing");
    Api.Reply reply = api.get("/metrics/kpi-daily",
        Map.of("start_date", "2024-01-15", "end_date", "2024-01-15", "queue", "q1"));
    assertEquals(reply.json().toString(), 200, reply.status());
    assertEquals("Billing", reply.json().get(0).get("queue_name").asText());
  }

  @Test
  public void kpiDailyFiltersByDatesQueueAndMedia() throws Exception {
    assertEquals(List.of("2024-01-15 q1 voice", "2024-01-15 q2 chat", "2024-01-16 q1 voice"),
        keys(Map.of("start_date", "2024-01-15", "end_date", "2024-01-16")));
    assertEquals(List.of("2024-01-15 q2 chat"),
        keys(Map.of("start_date", "2024-01-15", "end_date", "2024-01-16", "media", "chat")));
    assertEquals(List.of("2024-01-16 q1 voice"),
        keys(Map.of("start_date", "2024-01-16", "end_date", "2024-01-16", "queue", "q1",
            "media", "voice")));
  }

  private List<String> keys(Map<String, String> params) throws Exception {
    Api.Reply reply = api.get("/metrics/kpi-daily", params);
    assertEquals(reply.json().toString(), 200, reply.status());
    List<String> keys = new ArrayList<>();
    for (JsonNode row : reply.json()) {
      keys.add(row.get("report_date").asText() + " " + row.get("queue_id").asText() + " "
          + row.get("media_type").asText());
    }
    return keys;
  }

  @Test
  public void injectionAttemptsMatchNothingAndChangeNothing() throws Exception {
    Object components = db.value("SELECT count(*) FROM aht_by_skill_hourly_components");
    Object daily = db.value("SELECT count(*) FROM kpi_daily_components");
    for (String attempt : INJECTIONS) {
      assertEquals(attempt, List.of(), points(aht("2024-01-14", "2024-01-16", "skill", attempt)));
      for (String filter : new String[] {"queue", "media"}) {
        Api.Reply reply = api.get("/metrics/kpi-daily",
            Map.of("start_date", "2024-01-14", "end_date", "2024-01-16", filter, attempt));
        assertEquals(attempt, 200, reply.status());
        assertEquals(attempt, 0, reply.json().size());
      }
    }
    assertEquals(8L, ((Number) components).longValue());
    assertEquals(components, db.value("SELECT count(*) FROM aht_by_skill_hourly_components"));
    assertEquals(daily, db.value("SELECT count(*) FROM kpi_daily_components"));
  }

  @Test
  public void missingTablesAre500WithoutDetails() throws Exception {
    try (KpiServer elsewhere =
        KpiServer.start(db.serveOptions().withSchema("no_such_schema_here"))) {
      Api.Reply reply = new Api(elsewhere)
          .get("/metrics/aht", Map.of("start_date", "2024-01-15", "end_date", "2024-01-15"));
      assertEquals(500, reply.status());
      assertEquals("{\"error\":\"internal error\"}", reply.json().toString());
    }
  }

  @Test
  public void healthIsOkWhenTheDatabaseAnswers() throws Exception {
    Api.Reply reply = api.get("/health", Map.of());
    assertEquals(200, reply.status());
    assertEquals("{\"status\":\"ok\"}", reply.json().toString());
  }
}
