package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GenesysEmulator;
import io.gckpi.genesys.testing.SettableClock;
import io.gckpi.pipeline.jdbc.JdbcTableReader;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.testing.JobRuns;
import io.gckpi.pipeline.testing.PostgresTestSchema;
import io.gckpi.pipeline.verify.GroundTruthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The streaming job on Flink's local cluster (checkpointing on) against the emulator, whose clock
 * the test moves forward: while the clock moves, kpi_daily shows partial days (early panes
 * upserted); once the stream has passed the interval's end, every day's kpi_daily equals, row for
 * row, what a batch run of the same interval writes, and both agree with the emulator's ground
 * truth.
 */
@RunWith(JUnit4.class)
public class StreamingConvergenceIT {
  private static final Interval DAYS =
      Interval.parse("2024-01-15T00:00:00Z/2024-01-17T00:00:00Z");
  private static final int VOLUME = 800;

  @Rule public final PostgresTestSchema streamed = new PostgresTestSchema();
  @Rule public final PostgresTestSchema batch = new PostgresTestSchema();
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private String[] job(PostgresTestSchema schema, GenesysEmulator emulator, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--source=genesys",
                "--apiBaseUrl=" + emulator.baseUrl(),
                "--clientId=" + GenesysEmulator.DEMO_CLIENT_ID,
                "--clientSecret=" + GenesysEmulator.DEMO_CLIENT_SECRET,
                "--interval=" + DAYS,
                "--windowSize=PT6H",
                "--output=" + folder.newFolder()));
    args.addAll(List.of(more));
    return JobRuns.jdbc(schema, args.toArray(new String[0]));
  }

  /** kpi_daily as text rows in a stable order, per report date. */
  private static Map<String, List<String>> kpiDaily(PostgresTestSchema schema) throws Exception {
    Map<String, List<String>> byDay = new TreeMap<>();
    for (List<String> row :
        schema.query("SELECT report_date::text, (to_jsonb(k) - 'report_date')::text FROM kpi_daily k"
            + " ORDER BY 1, 2")) {
      byDay.computeIfAbsent(row.get(0), d -> new ArrayList<>()).add(row.get(1));
    }
    return byDay;
  }

  private static Map<String, Long> offeredPerDay(PostgresTestSchema schema) throws Exception {
    Map<String, Long> offered = new TreeMap<>();
    for (List<String> row :
        schema.query("SELECT report_date::text, sum(offered)::bigint FROM kpi_daily GROUP BY 1")) {
      offered.put(row.get(0), Long.parseLong(row.get(1)));
    }
    return offered;
  }

  @Test
  public void eachDaysKpisConvergeToTheBatchResult() throws Exception {
    SettableClock clock = new SettableClock(DAYS.start());
    try (GenesysEmulator emulator =
        GenesysEmulator.builder()
            .config(EmulatorConfig.builder().setConversationsPerDay(VOLUME).setDays(2).build())
            .jobDelay(Duration.ofMillis(20))
            .rateLimitPerMinute(0)
            .clock(clock)
            .start()) {
      String[] streaming =
          job(streamed, emulator,
              "--streaming=true",
              "--runner=FlinkRunner",
              "--flinkMaster=[local]",
              "--parallelism=2",
              "--checkpointingInterval=2000",
              // With checkpointing on, Flink keeps finished sources alive unless told otherwise,
              // and the job would never end after the stream has passed the interval.
              "--shutdownSourcesAfterIdleMs=2000",
              "--pollInterval=PT0.2S",
              "--earlyFiringPeriod=PT1S",
              // Conversations still going on when their window is first read come back closed
              // when it is read again six hours of data later.
              "--trailingHorizon=PT6H");
      CompletableFuture<RunSummary> run =
          CompletableFuture.supplyAsync(() -> JobRuns.run(streaming));

      // Three hours of emulator time every 2 s: a 6-hour window becomes complete every 4 s, the
      // two days and the re-read horizon in about 40 s; kpi_daily is sampled in between.
      List<Map<String, Long>> snapshots = new ArrayList<>();
      long stopAt = DAYS.end().plus(Duration.ofHours(7)).toEpochMilli();
      while (!run.isDone()) {
        if (clock.instant().toEpochMilli() < stopAt) {
          clock.advance(Duration.ofHours(3));
        }
        for (int i = 0; i < 4 && !run.isDone(); i++) {
          Thread.sleep(500);
          try {
            snapshots.add(offeredPerDay(streamed));
          } catch (java.sql.SQLException notYet) {
            // the view appears with the job's schema migration
          }
        }
      }
      RunSummary summary = run.get(1, TimeUnit.SECONDS);
      assertEquals(summary.fields().toString(), 0, summary.exitCode());
      // Every record read is a timeline or a malformed row, counted once although the day's
      // panes fire early and accumulate.
      assertThat(summary.getLong("malformed"), greaterThan(0L));
      assertEquals(summary.fields().toString(), true, summary.get("balanced"));

      RunSummary batchRun = JobRuns.run(job(batch, emulator));
      assertEquals(batchRun.fields().toString(), 0, batchRun.exitCode());

      List<List<String>> missingInteractions =
          batch.query("SELECT conversation_id, to_timestamp(conversation_start_ms / 1000.0)::text,"
              + " status, window_id FROM " + batch.schema() + ".interaction_timelines"
              + " WHERE conversation_id NOT IN (SELECT conversation_id FROM " + streamed.schema()
              + ".interaction_timelines) ORDER BY 2");
      assertEquals("interactions the stream did not write", List.of(), missingInteractions);
      String perWindow = "SELECT window_id, report_date::text, sum(offered)::text FROM %s"
          + ".kpi_daily_components GROUP BY 1, 2 ORDER BY 1, 2";
      assertEquals("offered per extraction window and report date",
          batch.query(String.format(perWindow, batch.schema())),
          batch.query(String.format(perWindow, streamed.schema())));
      Map<String, List<String>> expected = kpiDaily(batch);
      Map<String, List<String>> actual = kpiDaily(streamed);
      assertEquals(2, expected.size());
      for (String day : expected.keySet()) {
        List<String> missing = new ArrayList<>(expected.get(day));
        missing.removeAll(actual.getOrDefault(day, List.of()));
        List<String> extra = new ArrayList<>(actual.getOrDefault(day, List.of()));
        extra.removeAll(expected.get(day));
        assertEquals(day + ": batch rows the stream does not have (stream has instead " + extra
            + ")", List.of(), missing);
      }
      assertEquals(expected.keySet(), actual.keySet());
      assertEquals(List.of(),
          GroundTruthCheck.compare(JdbcTableReader.of(streamed.settings()), emulator.dataset(),
              DAYS));

      Map<String, Long> last = offeredPerDay(batch);
      boolean partial = false;
      for (Map<String, Long> snapshot : snapshots) {
        for (Map.Entry<String, Long> day : last.entrySet()) {
          long seen = snapshot.getOrDefault(day.getKey(), 0L);
          assertTrue("never more than the final figure: " + snapshot, seen <= day.getValue());
          partial |= seen > 0 && seen < day.getValue();
        }
      }
      assertTrue("an early pane must have shown a partial day; snapshots: " + snapshots, partial);
    }
  }
}
