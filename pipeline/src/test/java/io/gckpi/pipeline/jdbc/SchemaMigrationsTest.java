package io.gckpi.pipeline.jdbc;

import static org.junit.Assert.assertEquals;

import io.gckpi.pipeline.testing.PostgresTestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * The job's DDL through Flyway against the local PostgreSQL: an upgrade keeps the data, a database
 * migrated before Flyway is taken over at its recorded version, and a second start changes
 * nothing.
 */
public class SchemaMigrationsTest {
  @Rule public final PostgresTestSchema db = new PostgresTestSchema();

  /** The newest V<n> under db/migration: what a fresh start must reach. */
  private static int newest() throws Exception {
    return versions().stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  /** The versions of the migrations under db/migration. */
  private static List<Integer> versions() throws Exception {
    try (var files = Files.list(Path.of(
        SchemaMigrationsTest.class.getClassLoader().getResource("db/migration").toURI()))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V[0-9]+__.*\\.sql"))
          .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .toList();
    }
  }

  @Test
  public void upgradeFromVersionOneKeepsTheRowsAndAddsWhatCameLater() throws Exception {
    assertEquals(1, SchemaMigrations.apply(db.settings(), 1));
    db.execute(
        "INSERT INTO kpi_daily_components (report_date, queue_id, media_type, window_id, offered,"
            + " answered, abandoned, handled, sum_weighted_handle_ms, sum_handle_ms,"
            + " sum_agent_handle_ms, sum_queue_wait_ms, sla_breaches, answered_over_sla,"
            + " answered_within_sla, fcr_count, repeat_contact_fcr_count, transfers,"
            + " system_latency_ms) VALUES ('2024-01-15', 'q1', 'voice', 'w1', 3, 2, 1, 2, 6000,"
            + " 5000, 4000, 900, 1, 0, 2, 1, 0, 1, 0)");
    assertEquals(0, db.query(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = '" + db.schema()
            + "' AND table_name = 'kpi_daily' AND column_name = 'repeat_contact_fcr'").size());

    assertEquals(newest(), SchemaMigrations.apply(db.settings()));

    assertEquals(
        List.of(List.of("3", "2", "5000")),
        db.query("SELECT offered, handled, sum_handle_ms FROM kpi_daily_components"));
    // V2 replaced the view with one that has the new column, over the same rows.
    assertEquals(
        List.of(List.of("3", "0")),
        db.query("SELECT offered, repeat_contact_fcr FROM kpi_daily"));
    assertEquals(
        versions().size(),
        db.query("SELECT version FROM flyway_schema_history WHERE success").size());
  }

  /**
   * The reports name queues and skills from the dimension tables once V5 is applied, over the
   * components an older version wrote; an id without a dimension row keeps a null name.
   */
  @Test
  public void theReportViewsNameQueuesAndSkillsFromTheDimensions() throws Exception {
    assertEquals(3, SchemaMigrations.apply(db.settings(), 3));
    db.execute(
        "INSERT INTO kpi_daily_components (report_date, queue_id, media_type, window_id, offered,"
            + " answered, abandoned, handled, sum_weighted_handle_ms, sum_handle_ms,"
            + " sum_agent_handle_ms, sum_queue_wait_ms, sla_breaches, answered_over_sla,"
            + " answered_within_sla, fcr_count, repeat_contact_fcr_count, transfers,"
            + " system_latency_ms) VALUES"
            + " ('2024-01-15', 'q1', 'voice', 'w1', 3, 2, 1, 2, 6000, 5000, 4000, 900, 1, 0, 2,"
            + " 1, 0, 1, 0),"
            + " ('2024-01-15', 'q1', 'voice', 'w2', 1, 1, 0, 1, 1000, 1000, 1000, 100, 0, 0, 1,"
            + " 1, 0, 0, 0),"
            + " ('2024-01-15', 'q9', 'chat', 'w1', 1, 1, 0, 1, 1000, 1000, 1000, 100, 0, 0, 1,"
            + " 1, 0, 0, 0)");
    db.execute("INSERT INTO aht_by_skill_hourly_components (hour_start_ms, skill_id, window_id,"
        + " handled_count, sum_handle_ms) VALUES (1705309200000, 's1', 'w1', 2, 6000),"
        + " (1705309200000, '', 'w1', 1, 1000)");

    assertEquals(newest(), SchemaMigrations.apply(db.settings()));
    db.execute("INSERT INTO queues (id, name, division_id, division_name, date_modified) VALUES"
        + " ('q1', 'Billing', 'd1', 'Home', '2023-09-14T05:13:20Z')");
    db.execute("INSERT INTO skills (id, name, state) VALUES ('s1', 'Spanish', 'active')");
    // Each dimension is keyed by id, as the upserts need.
    for (String table : List.of("queues", "wrapup_codes", "skills", "users")) {
      assertEquals(table, List.of(List.of("id")), db.query(
          "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
              + " AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '"
              + db.schema() + "." + table + "'::regclass"));
    }

    assertEquals(
        List.of(List.of("q1", "Billing", "voice", "3", "4", "2.0"),
            List.of("q9", "", "chat", "1", "1", "1.0")),
        db.query("SELECT queue_id, coalesce(queue_name, ''), media_type, interaction_volume,"
            + " offered, aht FROM kpi_daily ORDER BY queue_id").stream()
            .map(r -> List.of(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4),
                String.valueOf(Double.parseDouble(r.get(5)))))
            .toList());
    assertEquals(
        List.of(List.of("", "", "1"), List.of("s1", "Spanish", "2")),
        db.query("SELECT skill_id, coalesce(skill_name, ''), conversation_count"
            + " FROM aht_by_skill_hourly ORDER BY skill_id"));
    // The columns sit as in the files sink's CSVs: the name beside the id.
    assertEquals(
        List.of(List.of("report_date"), List.of("queue_id"), List.of("queue_name"),
            List.of("media_type")),
        db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = '"
            + db.schema() + "' AND table_name = 'kpi_daily' AND ordinal_position <= 4"
            + " ORDER BY ordinal_position"));
  }

  @Test
  public void aSecondStartAppliesNothing() throws Exception {
    int version = SchemaMigrations.apply(db.settings());
    List<List<String>> history = db.query(
        "SELECT installed_rank, version, checksum FROM flyway_schema_history ORDER BY 1");
    assertEquals(version, SchemaMigrations.apply(db.settings()));
    assertEquals(history, db.query(
        "SELECT installed_rank, version, checksum FROM flyway_schema_history ORDER BY 1"));
  }

  /**
   * A database the job migrated before it used Flyway kept its version in gckpi_schema_version:
   * Flyway starts from that version instead of running V1 over existing tables.
   */
  @Test
  public void aDatabaseMigratedBeforeFlywayIsBaselinedAtItsVersion() throws Exception {
    SchemaMigrations.apply(db.settings(), 2);
    db.execute("DROP TABLE flyway_schema_history");
    db.execute("CREATE TABLE gckpi_schema_version (version integer PRIMARY KEY, name text NOT NULL,"
        + " applied_at timestamptz NOT NULL DEFAULT now())");
    db.execute("INSERT INTO gckpi_schema_version (version, name) VALUES"
        + " (1, 'V1__kpi_tables.sql'), (2, 'V2__kpi_daily_repeat_contact_fcr.sql')");
    db.execute("INSERT INTO failed_windows (window_id, error, attempts) VALUES ('w1', 'e', 3)");

    assertEquals(newest(), SchemaMigrations.apply(db.settings()));

    assertEquals(List.of(List.of("w1")), db.query("SELECT window_id FROM failed_windows"));
    assertEquals(
        List.of(List.of("2", "BASELINE")),
        db.query("SELECT version, type FROM flyway_schema_history WHERE installed_rank = 1"));
  }
}
