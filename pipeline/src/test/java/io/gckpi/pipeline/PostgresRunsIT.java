package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.Faults;
import io.gckpi.genesys.testing.GenesysEmulator;
import io.gckpi.genesys.testing.GroundTruth;
import io.gckpi.genesys.testing.SyntheticDataset;
import io.gckpi.pipeline.jdbc.JdbcTableReader;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.testing.DimensionChecks;
import io.gckpi.pipeline.testing.JobRuns;
import io.gckpi.pipeline.testing.PostgresTestSchema;
import io.gckpi.pipeline.verify.GroundTruthCheck;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The job against a real PostgreSQL: idempotent re-runs, any split of runs, recovery from a run
 * that lost windows, and reconciliation stopping a run that silently lost a page.
 */
@RunWith(JUnit4.class)
public class PostgresRunsIT {
  private static final int VOLUME = 600;
  private static final String DATE = "2024-01-15";
  private static final Interval DAY = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");

  /** Every table and view a data engineer reads, for content checksums. */
  private static final List<String> CONTENT =
      List.of("interaction_timelines", "kpi_daily", "aht_by_skill_hourly", "kpi_daily_components",
          "malformed_interactions", "filtered_counts", "queues", "wrapup_codes", "skills",
          "users", "conversations", "participants", "sessions", "segments", "session_metrics");

  @Rule public final PostgresTestSchema db = new PostgresTestSchema();
  @Rule public final PostgresTestSchema other = new PostgresTestSchema();
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private RunSummary run(PostgresTestSchema schema, String... args) throws Exception {
    String[] base = {
      "--emulatorVolume=" + VOLUME, "--windowSize=PT6H", "--output=" + folder.newFolder()
    };
    String[] all = new String[base.length + args.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(args, 0, all, base.length, args.length);
    return JobRuns.run(JobRuns.jdbc(schema, all));
  }

  private static SyntheticDataset dataset() {
    return SyntheticDataset.generate(
        EmulatorConfig.builder().setConversationsPerDay(VOLUME).build());
  }

  /** md5 of a table's content in a stable order, without the bookkeeping column updated_at. */
  private static String checksum(PostgresTestSchema schema, String table) throws Exception {
    return schema
        .query(
            "SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), ''))"
                + " FROM (SELECT to_jsonb(t) - 'updated_at' AS r FROM " + table + " t) s")
        .get(0)
        .get(0);
  }

  private static long count(PostgresTestSchema schema, String sql) throws Exception {
    return Long.parseLong(schema.query(sql).get(0).get(0));
  }

  @Test
  public void sameDayTwiceGivesIdenticalTablesAndNoDuplicates() throws Exception {
    RunSummary first = run(db, "--date=" + DATE);
    assertEquals(first.fields().toString(), 0, first.exitCode());
    assertThat(GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY), empty());
    DimensionChecks.assertDimensionsAreTheOrg(JdbcTableReader.of(db.settings()), dataset());
    List<Long> named =
        DimensionChecks.assertReportsNameQueuesAndSkills(JdbcTableReader.of(db.settings()),
            dataset());
    assertThat(named.get(0), greaterThan(10L));
    assertThat(named.get(1), greaterThan(10L));
    assertThat(GroundTruthCheck.compareDetailRecords(JdbcTableReader.of(db.settings()), dataset(),
        DAY), empty());
    FilesRunIT.assertDetailRowsCounted(first, JdbcTableReader.of(db.settings()));
    assertReadmeAhtQueryMatchesKpiDaily();
    String[] before = new String[CONTENT.size()];
    for (int i = 0; i < CONTENT.size(); i++) {
      before[i] = checksum(db, CONTENT.get(i));
    }

    // Without --reprocess the ledger has every window complete: nothing is read.
    RunSummary skipped = run(db, "--date=" + DATE);
    assertEquals(0L, skipped.getLong("windowsRead"));

    // Keys a re-read no longer produces (as when Genesys moves a conversation to another queue
    // between two reads) must not survive it: a re-read replaces its window's whole contribution.
    String window = "2024-01-15T06:00:00Z/2024-01-15T12:00:00Z";
    db.execute("INSERT INTO kpi_daily_components (report_date, queue_id, media_type, window_id,"
        + " offered, answered, abandoned, handled, sum_weighted_handle_ms, sum_handle_ms,"
        + " sum_agent_handle_ms, sum_queue_wait_ms, sla_breaches, answered_over_sla,"
        + " answered_within_sla, fcr_count, repeat_contact_fcr_count, transfers,"
        + " system_latency_ms) VALUES ('2024-01-15', 'moved-away', 'voice', '" + window + "',"
        + " 1, 1, 0, 1, 1000, 1000, 1000, 10, 0, 0, 1, 1, 0, 0, 0)");
    db.execute("INSERT INTO filtered_counts (window_id, reason, count) VALUES ('" + window
        + "', 'NO_LONGER_FILTERED', 3)");
    // Child rows a re-read no longer produces (a segment Genesys merged, a metric it dropped)
    // must not survive it either: a conversation read again replaces all of its rows.
    db.execute("INSERT INTO segments (session_id, ordinal, conversation_id, segment_type,"
        + " conference, requested_routing_skill_ids) SELECT session_id, 99, conversation_id,"
        + " 'hold', false, '{}' FROM sessions ORDER BY session_id LIMIT 3");
    db.execute("INSERT INTO session_metrics (session_id, ordinal, conversation_id, name, value)"
        + " SELECT session_id, 99, conversation_id, 'tGone', 1 FROM sessions"
        + " ORDER BY session_id LIMIT 3");
    assertNotEquals(before[CONTENT.indexOf("segments")], checksum(db, "segments"));
    assertNotEquals(before[CONTENT.indexOf("kpi_daily")], checksum(db, "kpi_daily"));

    RunSummary again = run(db, "--date=" + DATE, "--reprocess");
    assertEquals(0, again.exitCode());
    assertEquals(4L, again.getLong("windowsRead"));
    for (int i = 0; i < CONTENT.size(); i++) {
      assertEquals(CONTENT.get(i), before[i], checksum(db, CONTENT.get(i)));
    }
    assertEquals(0L, count(db, "SELECT count(*) - count(DISTINCT conversation_id)"
        + " FROM interaction_timelines"));

    // Every conversation read has one row: read = written + malformed, in the summary and in the
    // tables; filtered_counts counts the timeline rows that carry an excluded reason.
    long read = again.getLong("read");
    assertEquals(read, again.getLong("written") + again.getLong("malformed"));
    assertEquals(Boolean.TRUE, again.get("balanced"));
    assertEquals(read, count(db, "SELECT (SELECT count(*) FROM interaction_timelines)"
        + " + (SELECT count(*) FROM malformed_interactions)"));
    long excluded = count(db,
        "SELECT count(*) FROM interaction_timelines WHERE excluded_reason IS NOT NULL");
    assertThat(excluded, org.hamcrest.Matchers.greaterThan(0L));
    assertEquals(excluded, again.getLong("filtered"));
    assertEquals(excluded, count(db, "SELECT coalesce(sum(count), 0) FROM filtered_counts"));

    // Another window size over the same day would add components beside the old ones: refused.
    IllegalArgumentException resized =
        org.junit.Assert.assertThrows(IllegalArgumentException.class,
            () -> JobRuns.run(JobRuns.jdbc(db, "--emulatorVolume=" + VOLUME, "--windowSize=PT1H",
                "--date=" + DATE, "--output=" + folder.newFolder())));
    assertThat(resized.getMessage(),
        org.hamcrest.Matchers.startsWith("--windowSize: the ledger holds PT6H windows"));
  }

  /**
   * A --source=raw re-run from what an API run staged, into another schema, writes the same
   * dimension tables and names the reports the same, without the API.
   */
  @Test
  public void aRawReRunFromStagingNamesThingsTheSame() throws Exception {
    java.nio.file.Path out = folder.newFolder("api-run").toPath();
    assertEquals(0, JobRuns.run(JobRuns.jdbc(db, "--emulatorVolume=" + VOLUME,
        "--windowSize=PT6H", "--date=" + DATE, "--output=" + out)).exitCode());
    RunSummary raw = JobRuns.run(JobRuns.jdbc(other, "--source=raw", "--windowSize=PT6H",
        "--staging=" + out.resolve("raw"), "--output=" + folder.newFolder()));
    assertEquals(raw.fields().toString(), 0, raw.exitCode());
    for (String table : CONTENT) {
      assertEquals(table, checksum(db, table), checksum(other, table));
    }
    assertEquals(9L, count(other, "SELECT count(*) FROM queues"));
    assertThat(count(other, "SELECT count(*) FROM kpi_daily WHERE queue_name = 'Support_Tier1'"),
        greaterThan(0L));
  }

  /**
   * The README's query rebuilding AHT per queue from the detail tables, run as the README prints
   * it: the same rows, volumes and AHT (to the microsecond) as kpi_daily, for every row with
   * handled conversations.
   */
  private void assertReadmeAhtQueryMatchesKpiDaily() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
    String marker = "-- AHT per queue and day from the detail tables";
    int start = readme.indexOf(marker);
    assertThat("README.md has the query", start, greaterThan(0));
    String query = readme.substring(start, readme.indexOf("```", start)).trim();
    assertThat(query, org.hamcrest.Matchers.endsWith(";"));
    List<List<String>> rebuilt =
        db.query("SELECT report_date, queue_id, media_type, interaction_volume, round(aht, 6)"
            + " FROM (" + query.substring(0, query.length() - 1) + ") q ORDER BY 1, 2, 3");
    List<List<String>> daily =
        db.query("SELECT report_date, queue_id, media_type, interaction_volume, round(aht, 6)"
            + " FROM kpi_daily WHERE interaction_volume > 0 ORDER BY 1, 2, 3");
    assertThat(daily.size(), greaterThan(10));
    assertEquals(daily, rebuilt);
  }

  /**
   * Genesys reprocessed conversations between two runs: the first run (emulator fault
   * resegment) reads each closed conversation with its handler's talk in two segments and the
   * caller's last segment missing; the re-run reads the final records, one segment fewer on the
   * handler's session and one more on the caller's. After the re-run the tables hold exactly the
   * final records: the ordinal the merge freed is gone, not left behind by the upsert. The KPIs
   * are exact in both runs, since the change leaves every figure as it was.
   */
  @Test
  public void aConversationReprocessedBetweenRunsReplacesAllItsChildRows() throws Exception {
    SyntheticDataset dataset = dataset();
    RunSummary first = run(db, "--date=" + DATE, "--emulatorFaults=resegment");
    assertEquals(first.fields().toString(), 0, first.exitCode());
    TableReader tables = JdbcTableReader.of(db.settings());
    long window = java.time.Duration.ofHours(6).toMillis();
    java.util.function.Function<String, List<String>> firstFetch = id -> {
      String raw = dataset.rawConversation(id);
      var truth = dataset.truth(id);
      // The emulator leaves its deliberately malformed records as they are.
      String resegmented = truth.expectedMalformedReason() != null ? null
          : io.gckpi.genesys.testing.ConversationChanges.resegmented(raw);
      if (resegmented == null) {
        return List.of(raw);
      }
      // A conversation that runs into the next window is served by that window's job too, as
      // the final record, and the read keeps one of the two copies.
      boolean oneWindow = truth.conversationStartMs() / window
          == (truth.conversationEndMs() - 1) / window;
      return oneWindow ? List.of(resegmented) : List.of(resegmented, raw);
    };
    assertThat(GroundTruthCheck.compareDetailRecords(tables, dataset, DAY, firstFetch), empty());
    assertThat(GroundTruthCheck.compare(tables, dataset, DAY), empty());
    List<String> stale = GroundTruthCheck.compareDetailRecords(tables, dataset, DAY);
    assertThat("the first run read the records before Genesys reprocessed them",
        stale.size(), greaterThan(100));
    long segmentRows = count(db, "SELECT count(*) FROM segments");

    RunSummary again = run(db, "--date=" + DATE, "--reprocess");
    assertEquals(again.fields().toString(), 0, again.exitCode());
    assertThat(GroundTruthCheck.compareDetailRecords(tables, dataset, DAY), empty());
    assertThat(GroundTruthCheck.compare(tables, dataset, DAY), empty());
    // The whole day was read again: the tables hold this run's rows and no others.
    FilesRunIT.assertDetailRowsCounted(again, tables);
    assertEquals(segmentRows, count(db, "SELECT count(*) FROM segments"));
  }

  @Test
  public void aDayRunAsFourRunsEqualsTheDayRunOnce() throws Exception {
    for (String quarter :
        List.of("2024-01-15T00:00:00Z/2024-01-15T06:00:00Z",
            "2024-01-15T06:00:00Z/2024-01-15T12:00:00Z",
            "2024-01-15T12:00:00Z/2024-01-15T18:00:00Z",
            "2024-01-15T18:00:00Z/2024-01-16T00:00:00Z")) {
      assertEquals(0, run(db, "--interval=" + quarter).exitCode());
    }
    assertEquals(0, run(other, "--date=" + DATE).exitCode());
    for (String table : CONTENT) {
      assertEquals(table, checksum(other, table), checksum(db, table));
    }
    assertThat(count(db, "SELECT count(*) FROM kpi_daily"), greaterThan(0L));
  }

  @Test
  public void aRunThatLostAWindowIsCompletedByTheNextRun() throws Exception {
    RunSummary broken =
        run(db, "--date=" + DATE,
            "--emulatorFaults=fail-window=2024-01-15T06:00:00Z/2024-01-15T12:00:00Z");
    assertEquals("a run with a failed window must not exit 0", 1, broken.exitCode());
    assertEquals(1L, broken.getLong("failedWindows"));
    assertEquals(List.of(List.of("2024-01-15T06:00:00Z/2024-01-15T12:00:00Z", "failed")),
        db.query("SELECT window_id, status FROM extraction_windows WHERE status <> 'complete'"));
    assertEquals(1L, count(db, "SELECT count(*) FROM failed_windows"));
    assertNotEquals(List.of(),
        GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY));

    RunSummary repaired = run(db, "--date=" + DATE);
    assertEquals(0, repaired.exitCode());
    assertEquals(1L, repaired.getLong("windowsRead"));
    assertThat(GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY), empty());
    assertEquals(4L, count(db, "SELECT count(*) FROM extraction_windows WHERE status = 'complete'"));
  }

  /**
   * A real kill: the job runs in its own JVM and gets SIGKILL as soon as its first interaction
   * rows are committed, before the ledger is written. The next run reads every window again and
   * ends complete and exact; the upserts absorb the rows the killed run left behind.
   */
  @Test
  public void aRunKilledPartWayIsCompletedByTheNextRun() throws Exception {
    java.nio.file.Path log = folder.newFile("killed-run.log").toPath();
    List<String> command = new java.util.ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KpiPipeline.class.getName()));
    command.addAll(List.of(JobRuns.jdbc(db, "--emulatorVolume=" + VOLUME, "--windowSize=PT6H",
        "--date=" + DATE, "--output=" + folder.newFolder(), "--printSummary=false")));
    Process job = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long deadline = System.currentTimeMillis() + 300_000;
    long rowsAtKill = 0;
    while (job.isAlive() && System.currentTimeMillis() < deadline) {
      rowsAtKill = tableExists(db, "interaction_timelines")
          ? count(db, "SELECT count(*) FROM interaction_timelines") : 0;
      if (rowsAtKill > 0) {
        break;
      }
      Thread.sleep(20);
    }
    long completeAtKill = tableExists(db, "extraction_windows")
        ? count(db, "SELECT count(*) FROM extraction_windows WHERE status = 'complete'") : 0;
    boolean killedAlive = job.isAlive();
    job.destroyForcibly().waitFor();
    assertEquals("the job must still be running when killed; its log: "
        + java.nio.file.Files.readString(log), true, killedAlive);
    assertThat("rows were committed before the kill", rowsAtKill, greaterThan(0L));
    assertEquals("the ledger must not be complete before the kill", true, completeAtKill < 4);

    RunSummary recovered = run(db, "--date=" + DATE);
    assertEquals(recovered.fields().toString(), 0, recovered.exitCode());
    assertEquals(4L - completeAtKill, recovered.getLong("windowsRead"));
    assertThat(GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY), empty());
    assertEquals(4L, count(db, "SELECT count(*) FROM extraction_windows WHERE status = 'complete'"));
  }

  private static boolean tableExists(PostgresTestSchema schema, String table) throws Exception {
    return count(schema, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
        + schema.schema() + "' AND table_name = '" + table + "'") > 0;
  }

  /**
   * A results page silently skipped by every job's cursor: reconciliation catches it, and with
   * no re-read the run ends exit 1 with the breached windows marked for reprocessing; by default
   * the run reads those windows again within itself, by detail queries, and ends exact, exit 0,
   * the first pass's breaches and the re-read counted in its summary.
   */
  @Test
  public void aSilentlyDroppedPageIsCaughtAndReadAgainWithinTheRun() throws Exception {
    RunSummary lossy =
        run(db, "--date=" + DATE, "--pageSize=50", "--emulatorFaults=drop-page=1",
            "--reReads=0");
    assertEquals(1, lossy.exitCode());
    assertThat(lossy.getLong("reconciliationBreaches"), greaterThan(0L));
    assertThat(count(db, "SELECT count(*) FROM reconciliation WHERE breached"), greaterThan(0L));
    long needsReprocess =
        count(db, "SELECT count(*) FROM extraction_windows WHERE status = 'needs_reprocess'");
    assertThat(needsReprocess, greaterThan(0L));

    RunSummary healed =
        run(db, "--date=" + DATE, "--pageSize=50", "--emulatorFaults=drop-page=1", "--reprocess");
    assertEquals(healed.fields().toString(), 0, healed.exitCode());
    assertEquals(1L, healed.getLong("reReads"));
    assertThat(healed.getLong("windowsReRead"), greaterThan(0L));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> firstPass =
        (java.util.Map<String, Object>) healed.get("firstPass");
    assertThat(((Number) firstPass.get("reconciliationBreaches")).longValue(), greaterThan(0L));
    assertEquals(0L, healed.getLong("reconciliationBreaches"));
    assertThat(GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY), empty());
    assertEquals(4L, count(db, "SELECT count(*) FROM extraction_windows WHERE status = 'complete'"));
  }

  /**
   * Every job's cursor expires as soon as it is issued: each part's jobs are given up after their
   * attempts and the part is read by detail queries inside the read, so the run ends exact and
   * clean in one pass, with the parts so read counted.
   */
  @Test
  public void jobsWhoseCursorsExpireAreReadByDetailQueriesInTheRead() throws Exception {
    RunSummary summary =
        run(db, "--date=" + DATE, "--pageSize=50", "--emulatorFaults=expire-cursor=0");
    assertEquals(summary.fields().toString(), 0, summary.exitCode());
    assertEquals(0L, summary.getLong("failedWindows"));
    assertThat(summary.getLong("partsReadByQuery"), greaterThan(0L));
    assertEquals(null, summary.get("reReads"));
    assertThat(GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY), empty());
  }

  /**
   * A window read again replaces its interaction timelines whole: a timeline of the window that
   * the re-read does not yield (here a row for a conversation the API no longer returns, written
   * into the table by hand) is deleted, not left to be counted beside the re-read's rows.
   */
  @Test
  public void aReReadWindowKeepsNoTimelineItNoLongerYields() throws Exception {
    assertEquals(0, run(db, "--date=" + DATE).exitCode());
    long rows = count(db, "SELECT count(*) FROM interaction_timelines");
    db.query("INSERT INTO interaction_timelines SELECT (jsonb_populate_record("
        + "NULL::interaction_timelines, to_jsonb(t) || '{\"conversation_id\": \"no-longer-returned\"}'"
        + ")).* FROM interaction_timelines t WHERE window_id = '2024-01-15T06:00:00Z/2024-01-15T12:00:00Z'"
        + " LIMIT 1 RETURNING conversation_id");
    assertEquals(rows + 1, count(db, "SELECT count(*) FROM interaction_timelines"));
    assertThat(GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY),
        org.hamcrest.Matchers.not(empty()));

    RunSummary again =
        run(db, "--interval=2024-01-15T06:00:00Z/2024-01-15T12:00:00Z", "--reprocess");
    assertEquals(again.fields().toString(), 0, again.exitCode());
    assertEquals(rows, count(db, "SELECT count(*) FROM interaction_timelines"));
    assertEquals(0L, count(db,
        "SELECT count(*) FROM interaction_timelines WHERE conversation_id = 'no-longer-returned'"));
    assertThat(GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY), empty());
  }

  /**
   * Genesys amends conversations while a run reads them (the emulator's {@code changing} fault: a
   * wrapped-up conversation's first fetch shows another wrap-up code than every later one), and
   * every job's cursor expires as soon as it is issued: each job's first page is read, its next
   * refused, the part tried with a fresh job, then read by detail queries, so the conversations
   * of the first pages come back two and three times, the first copy differing from the later
   * ones. Each conversation lands once, as its last fetch showed it: the truth's wrap-up code
   * where the emulator served it more than once, the first fetch's other code where once (the
   * emulator's own count says which).
   */
  @Test
  public void aConversationFetchedAgainWhileItChangesLandsOnceAsItsLastFetchShowedIt()
      throws Exception {
    try (GenesysEmulator emulator = GenesysEmulator.builder()
        .config(EmulatorConfig.builder().setConversationsPerDay(VOLUME).build())
        .faults(Faults.parse("changing,expire-cursor=0"))
        .jobDelay(java.time.Duration.ZERO)
        .start()) {
      RunSummary summary = JobRuns.run(JobRuns.jdbc(db, "--date=" + DATE, "--windowSize=PT6H",
          "--output=" + folder.newFolder(), "--pageSize=50", "--source=genesys",
          "--apiBaseUrl=" + emulator.baseUrl(), "--clientId=" + GenesysEmulator.DEMO_CLIENT_ID,
          "--clientSecret=" + GenesysEmulator.DEMO_CLIENT_SECRET));
      assertEquals(summary.fields().toString(), 0, summary.exitCode());
      assertThat(summary.getLong("partsReadByQuery"), greaterThan(0L));

      java.util.Map<String, String> codes = new java.util.HashMap<>();
      for (List<String> row : db.query("SELECT conversation_id, wrap_up_code"
          + " FROM interaction_timelines WHERE status = 'closed'")) {
        codes.put(row.get(0), row.get(1));
      }
      int again = 0;
      int once = 0;
      List<String> wrong = new java.util.ArrayList<>();
      for (GroundTruth t : emulator.dataset().groundTruth()) {
        if (t.wrapUpCode() == null || !codes.containsKey(t.conversationId())) {
          continue;
        }
        long fetches = emulator.fetches(t.conversationId());
        String landed = codes.get(t.conversationId());
        if (fetches > 1) {
          again++;
          if (!t.wrapUpCode().equals(landed)) {
            wrong.add(t.conversationId() + " fetched " + fetches + " times landed with " + landed
                + ", its last fetch showed " + t.wrapUpCode());
          }
        } else {
          once++;
          if (t.wrapUpCode().equals(landed)) {
            wrong.add(t.conversationId() + " fetched once landed with the final code, its only"
                + " fetch showed another");
          }
        }
      }
      assertThat("conversations fetched more than once", again, greaterThan(20));
      assertThat("conversations fetched once", once, greaterThan(20));
      assertThat(wrong, empty());
      List<String> others = new java.util.ArrayList<>();
      for (String problem :
          GroundTruthCheck.compare(JdbcTableReader.of(db.settings()), dataset(), DAY)) {
        if (!problem.contains(": wrap_up_code is ")) {
          others.add(problem);
        }
      }
      assertThat(others, empty());
    }
  }
}
