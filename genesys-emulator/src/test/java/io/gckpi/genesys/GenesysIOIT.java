package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.EmulatorStats;
import io.gckpi.genesys.testing.Faults;
import io.gckpi.genesys.testing.GenesysEmulator;
import io.gckpi.genesys.testing.SettableClock;
import io.gckpi.genesys.testing.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.TestFlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * GenesysIO against the emulator, on the DirectRunner and on the FlinkRunner's local cluster: the
 * ids read equal the emulator's ground truth exactly under 429 bursts and 5xx, a day of hourly
 * windows is read by a job per part with exact counts per window, the next job is submitted while
 * the parts before it page, a window that always fails is reported while the others complete, a page failing mid-cursor is not read
 * twice, a window over the API's result cap is split and still exact, a day sized from the
 * aggregates API is read in parts without a refused job, QUERY mode pages only its windows and
 * splits a day past the paging cap inside the day, and the unbounded read
 * follows a clock: each window once, only after the data availability date passes it.
 */
@RunWith(Parameterized.class)
public class GenesysIOIT {
  private static final Interval DAY = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");

  @Parameters(name = "{0}")
  public static Iterable<Object[]> runners() {
    return Arrays.asList(new Object[][] {{"direct"}, {"flink"}});
  }

  @Rule public final transient TestPipeline pipeline;
  private final String runner;

  public GenesysIOIT(String runner) {
    this.runner = runner;
    PipelineOptions options = PipelineOptionsFactory.create();
    // As a production DirectRunner run would (runner-configs/direct): copying and re-encoding
    // every one of 50,000 raw records to police DoFns costs more than the read itself.
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
    if (runner.equals("flink")) {
      FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
      flink.setRunner(TestFlinkRunner.class);
      flink.setParallelism(2);
    }
    pipeline = TestPipeline.fromOptions(options);
  }

  private static GenesysEmulator emulator(
      int volume, String faults, UnaryOperator<GenesysEmulator.Builder> more) {
    GenesysEmulator.Builder builder =
        GenesysEmulator.builder()
            .config(EmulatorConfig.builder().setConversationsPerDay(volume).build())
            .jobDelay(Duration.ofMillis(20))
            .rateLimitPerMinute(0)
            .faults(Faults.parse(faults));
    return more.apply(builder).start();
  }

  private static GenesysIO.Read read(GenesysEmulator emulator) {
    return GenesysIO.read()
        .withInterval(DAY)
        .withConnectionSettings(
            ConnectionSettings.forBaseUrl(emulator.baseUrl())
                .withCredentials(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET)
                .withJobPollInterval(Duration.ofMillis(20)));
  }

  /** What the emulator meant to serve for {@code interval}: every conversation starting in it. */
  private static Set<String> truth(GenesysEmulator emulator, Interval interval) {
    return new HashSet<>(emulator.dataset().idsStartingIn(interval));
  }

  /**
   * Ids come out exactly once each and are exactly {@code expected}; records the emulator sends
   * without an id (a fault it injects on purpose) come out with an empty id, as many as expected.
   */
  private static SerializableFunction<Iterable<String>, Void> exactly(Expected expected) {
    return ids -> {
      Set<String> seen = new HashSet<>();
      List<String> duplicates = new ArrayList<>();
      long withoutId = 0;
      for (String id : ids) {
        if (id.isEmpty()) {
          withoutId++;
        } else if (!seen.add(id)) {
          duplicates.add(id);
        }
      }
      assertEquals("records without an id", expected.withoutId(), withoutId);
      assertEquals("duplicated ids", List.of(), duplicates);
      Set<String> lost = new HashSet<>(expected.ids());
      lost.removeAll(seen);
      Set<String> extra = new HashSet<>(seen);
      extra.removeAll(expected.ids());
      assertEquals("lost ids", Set.of(), lost);
      assertEquals("ids not in the interval's ground truth", Set.of(), extra);
      return null;
    };
  }

  private static PCollection<String> ids(GenesysIO.Result result) {
    return result
        .getRawConversations()
        .apply(
            "Ids",
            MapElements.into(TypeDescriptors.strings()).via(RawConversation::getConversationId));
  }

  /** The ground truth of an interval: the ids served, and how many records are served without. */
  record Expected(Set<String> ids, long withoutId) implements java.io.Serializable {
    Expected minus(Expected other) {
      Set<String> left = new HashSet<>(ids);
      left.removeAll(other.ids);
      return new Expected(left, withoutId - other.withoutId);
    }

    int size() {
      return ids.size() + (int) withoutId;
    }
  }

  private static Expected expectedIds(GenesysEmulator emulator, Interval interval) {
    Set<String> ids = new HashSet<>();
    long withoutId = 0;
    for (String id : truth(emulator, interval)) {
      GroundTruth t = emulator.dataset().truth(id);
      if ("MISSING_CONVERSATION_ID".equals(t.expectedMalformedReason())) {
        withoutId++;
      } else {
        ids.add(id);
      }
    }
    return new Expected(ids, withoutId);
  }

  /**
   * 50,000 conversations on Flink; 10,000 on the DirectRunner, whose GroupByKey works key by key
   * through its watermark machinery and needs many minutes for 50,000 distinct ids: it checks
   * DoFn semantics, not volume.
   */
  @Test
  public void fiftyThousandConversationsUnder429sAnd5xxAreExact() {
    int volume = runner.equals("flink") ? 50_000 : 10_000;
    try (GenesysEmulator emulator = emulator(volume, "429=0.1,5xx=0.05", b -> b)) {
      // A day is a few jobs: pages of 100 (250) make enough requests to meet the faults. Its
      // copies meet in the shards the launcher sizes for the day (49 at 50,000, 16 at 10,000).
      GenesysIO.Result result = pipeline.apply(read(emulator)
          .withPageSize(runner.equals("flink") ? 250 : 100)
          .withRateLimitPerMinute(60_000)
          .withShardsPerDay(DayCounts.shardsPerDay(volume)));
      assertTrue("outputs coded by their Beam schemas",
          result.getRawConversations().hasSchema()
              && result.getFailedWindows().hasSchema()
              && result.getManifests().hasSchema());
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      org.apache.beam.sdk.PipelineResult run = pipeline.run();
      run.waitUntilFinish();
      assertTrue("the emulator must have answered some 429s",
          emulator.stats().tooManyRequestsSent() > 0);
      assertTrue("the emulator must have answered some 5xx", emulator.stats().serverErrorsSent() > 0);
      // The read's metrics count what its client did on the prefetching threads: every page the
      // emulator served, and the 429s it answered (a background delete's may come after the
      // last bundle reported).
      java.util.Map<String, Long> counters = counters(run);
      long pages = counters.getOrDefault("pages", 0L);
      long tooMany = counters.getOrDefault("http_429", 0L);
      assertEquals("pages counted", emulator.stats().resultPagesServed(), pages);
      assertTrue("429s counted: " + counters, tooMany > 0
          && tooMany <= emulator.stats().tooManyRequestsSent());
      assertTrue("requests counted: " + counters,
          counters.getOrDefault("requests", 0L) >= pages + tooMany);
      assertTrue("retries counted: " + counters, counters.getOrDefault("retries", 0L) > 0);
    }
  }

  /** The read's counters in namespace gckpi.genesys, by name (attempted values). */
  private static java.util.Map<String, Long> counters(org.apache.beam.sdk.PipelineResult run) {
    java.util.Map<String, Long> values = new java.util.HashMap<>();
    for (org.apache.beam.sdk.metrics.MetricResult<Long> counter : run.metrics()
        .queryMetrics(org.apache.beam.sdk.metrics.MetricsFilter.builder()
            .addNameFilter(org.apache.beam.sdk.metrics.MetricNameFilter.inNamespace(
                "gckpi.genesys"))
            .build())
        .getCounters()) {
      values.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    return values;
  }

  /**
   * The pages a detail query of {@code window} costs when it pages until a short page: Genesys
   * answers with the conversations overlapping the window, less those that started on an earlier
   * UTC day, 100 a page.
   */
  private static long queryPages(GenesysEmulator emulator, Interval window) {
    long dayStart = window.start().truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli();
    long answered = emulator.dataset().idsOverlapping(window).stream()
        .filter(id -> emulator.dataset().truth(id).conversationStartMs() >= dayStart)
        .count();
    return answered / 100 + 1;
  }

  @Test
  public void queryModeUnder429sAnd5xxIsExactAndPagesOnlyItsWindows() {
    int volume = runner.equals("flink") ? 20_000 : 5_000;
    try (GenesysEmulator emulator = emulator(volume, "429=0.1,5xx=0.05", b -> b)) {
      GenesysIO.Result result = pipeline.apply(read(emulator).withMode(GenesysIO.Mode.QUERY));
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      pipeline.run().waitUntilFinish();
      long pages = 0;
      for (Interval hour : DAY.split(Duration.ofHours(1))) {
        pages += queryPages(emulator, hour);
      }
      // Each hour pages its own overlap, not the whole day (which would be 24 x volume / 100),
      // and each page once: the DirectRunner checkpoints every second or so, and a page fetched
      // but not claimed when it does is handed to the residual instead of being asked again.
      assertEquals("query pages served", pages, emulator.stats().queriesServed());
      assertTrue("the emulator must have answered some 429s",
          emulator.stats().tooManyRequestsSent() > 0);
      assertTrue("the emulator must have answered some 5xx", emulator.stats().serverErrorsSent() > 0);
    }
  }

  /**
   * A day of one-hour windows in jobs mode: as many jobs as parts are paged at once (the day cut
   * into equal shares of its conversations from one aggregates query), not one per window; each
   * window's manifest counts exactly the conversations that start in it; every job's status is
   * polled a few times and every job is deleted once read.
   */
  @Test
  public void aDayOfHourlyWindowsIsReadByAJobPerPartNotOnePerWindow() throws Exception {
    int parts = GenesysIO.DEFAULT_JOB_CONCURRENCY;
    try (GenesysEmulator emulator = emulator(3_000, "", b -> b.config(EmulatorConfig.builder()
        .setConversationsPerDay(3_000).setMalformedShare(0).build()))) {
      GenesysIO.Result result = pipeline.apply(read(emulator).withPageSize(100));
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      java.util.Map<String, Integer> perWindow = new java.util.HashMap<>();
      for (Interval hour : DAY.split(Duration.ofHours(1))) {
        perWindow.put(hour.toString(), truth(emulator, hour).size());
      }
      PAssert.that(result.getManifests())
          .satisfies(
              manifests -> {
                java.util.Map<String, Integer> counted = new java.util.HashMap<>();
                for (WindowManifest m : manifests) {
                  assertEquals(m.toString(), parts, m.getJobId().split(",").length);
                  counted.put(m.getWindowId(), (int) m.getConversations());
                }
                assertEquals(perWindow, counted);
                return null;
              });
      pipeline.run().waitUntilFinish();
      assertEquals("jobs for 24 windows", parts, emulator.stats().jobsSubmitted());
      assertEquals("the counts the parts are planned from", 1,
          emulator.stats().aggregateQueriesServed());
      awaitDeleted(emulator);
      for (EmulatorStats.JobActivity job : emulator.stats().jobs()) {
        assertTrue(job + ": status polls back off", job.statusPolls() <= 4);
        assertTrue(job + " paged", job.pages() >= 1);
      }
    }
  }

  /**
   * The day sized from the aggregates API into many parts, paged three at a time: the first
   * four jobs go out at once (three to page, one ahead), and the later ones while another part
   * is paging, after its first page and before its last (at least half of them: a job goes out
   * when a part ends, and the other parts may all be between pages just then).
   */
  @Test
  public void theNextJobIsSubmittedWhileThePartsBeforeItPage() throws Exception {
    try (GenesysEmulator emulator = emulator(2_000, "", b -> b.jobResultCap(400))) {
      GenesysIO.Result result = pipeline.apply(read(emulator)
          .withAggregateSizing(200)
          .withJobConcurrency(3)
          .withPageSize(50));
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      pipeline.run().waitUntilFinish();
      List<EmulatorStats.JobActivity> jobs = emulator.stats().jobs();
      assertEquals("jobs refused over the cap", 0, emulator.stats().jobsOverCap());
      assertTrue("the day must be planned in many parts: " + jobs, jobs.size() >= 10);
      int ahead = 0;
      for (int j = 4; j < jobs.size(); j++) {
        long submitted = jobs.get(j).submittedNanos();
        for (int i = 0; i < j; i++) {
          if (jobs.get(i).firstPageNanos() < submitted
              && submitted < jobs.get(i).lastPageNanos()) {
            ahead++;
            break;
          }
        }
      }
      assertTrue("jobs submitted while another part paged: " + ahead + " of " + jobs,
          ahead >= (jobs.size() - 4) / 2);
      awaitDeleted(emulator);
    }
  }

  /** Deletes go out in the background: waits a few seconds at most for every job's. */
  private static void awaitDeleted(GenesysEmulator emulator) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(10);
    while (!emulator.stats().jobs().stream().allMatch(EmulatorStats.JobActivity::deleted)) {
      assertTrue("every job deleted: " + emulator.stats().jobs(), Instant.now().isBefore(until));
      Thread.sleep(20);
    }
  }

  @Test
  public void aQueryDayPastThePagingCapIsSplitInsideTheDayAndStillExact() {
    // One window for the whole day against a paging cap of 500 results.
    try (GenesysEmulator emulator = emulator(3_000, "", b -> b.queryResultCap(500))) {
      GenesysIO.Result result = pipeline.apply(read(emulator)
          .withMode(GenesysIO.Mode.QUERY)
          .withWindowSize(Duration.ofDays(1))
          .withResultCap(500)
          .withRateLimitPerMinute(6_000));
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      PAssert.thatSingleton(result.getManifests())
          .satisfies(
              manifest -> {
                assertTrue("the day must be read in parts: " + manifest,
                    manifest.getSubWindows() >= 6);
                return null;
              });
      pipeline.run().waitUntilFinish();
    }
  }

  @Test
  public void aWindowThatAlwaysFailsIsReportedWhileTheOthersComplete() {
    Interval dead = Interval.parse("2024-01-15T06:00:00Z/2024-01-15T07:00:00Z");
    try (GenesysEmulator emulator = emulator(2_000, "fail-window=" + dead, b -> b)) {
      GenesysIO.Result result = pipeline.apply(read(emulator).withMaxAttemptsPerWindow(2));
      Expected expected = expectedIds(emulator, DAY).minus(expectedIds(emulator, dead));
      PAssert.that(ids(result)).satisfies(exactly(expected));
      PAssert.thatSingleton(result.getFailedWindows())
          .satisfies(
              failed -> {
                assertEquals(dead.toString(), failed.getWindowId());
                assertEquals(2, failed.getAttempts());
                return null;
              });
      PAssert.that(result.getManifests())
          .satisfies(
              manifests -> {
                int n = 0;
                for (WindowManifest m : manifests) {
                  assertTrue(!m.getWindowId().equals(dead.toString()));
                  n++;
                }
                assertEquals(23, n);
                return null;
              });
      pipeline.run().waitUntilFinish();
    }
  }

  @Test
  public void aPageFailingMidCursorIsRetriedWithoutADuplicatePage() {
    // Without deliberately broken records: one with an unreadable start is kept by every window
    // that serves it (the parser dead-letters it later), which would blur the page count.
    try (GenesysEmulator emulator = emulator(3_000, "fail-page-once=2",
        b -> b.config(EmulatorConfig.builder().setConversationsPerDay(3_000)
            .setMalformedShare(0).build()))) {
      GenesysIO.Result result =
          pipeline.apply(read(emulator).withWindowSize(Duration.ofHours(6)).withPageSize(50));
      Expected expected = expectedIds(emulator, DAY);
      PAssert.that(ids(result)).satisfies(exactly(expected));
      // Manifests count what each window read before any de-duplication: a page read twice
      // would show here even though the output above is de-duplicated.
      int size = expected.size();
      PAssert.that(result.getManifests())
          .satisfies(
              manifests -> {
                long conversations = 0;
                for (WindowManifest m : manifests) {
                  conversations += m.getConversations();
                }
                assertEquals(size, conversations);
                return null;
              });
      pipeline.run().waitUntilFinish();
      assertTrue("a page must have failed", emulator.stats().serverErrorsSent() > 0);
    }
  }

  @Test
  public void aWindowOverTheResultCapIsSplitAndStillExact() {
    // A job counts every conversation overlapping its interval (open ones overlap everything
    // after their start), so the cap must stay above what any small part overlaps: 400 of a
    // 2,000-conversation day splits the busy 6-hour windows and leaves the night alone.
    try (GenesysEmulator emulator = emulator(2_000, "", b -> b.jobResultCap(400))) {
      GenesysIO.Result result = pipeline.apply(read(emulator).withWindowSize(Duration.ofHours(6)));
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      PAssert.that(result.getManifests())
          .satisfies(
              manifests -> {
                int split = 0;
                int windows = 0;
                for (WindowManifest m : manifests) {
                  windows++;
                  split += m.getSubWindows() > 1 ? 1 : 0;
                }
                assertEquals(4, windows);
                assertTrue("some window must have been read in parts", split > 0);
                return null;
              });
      pipeline.run().waitUntilFinish();
    }
  }

  @Test
  public void aDaySizedFromTheAggregatesIsReadInPartsWithNoJobOverTheCap() {
    // One window for the whole day, a job cap of 400, parts sized for 200: the busy hours are
    // planned in parts before any job, so the emulator never refuses one.
    try (GenesysEmulator emulator = emulator(2_000, "", b -> b.jobResultCap(400))) {
      GenesysIO.Result result =
          pipeline.apply(
              read(emulator)
                  .withWindowSize(Duration.ofDays(1))
                  .withAggregateSizing(200)
                  .withRateLimitPerMinute(6_000));
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      PAssert.that(result.getManifests())
          .satisfies(
              manifests -> {
                List<WindowManifest> all = new ArrayList<>();
                manifests.forEach(all::add);
                assertEquals(1, all.size());
                assertTrue("the day must be read in at least 10 parts: " + all.get(0),
                    all.get(0).getSubWindows() >= 10);
                return null;
              });
      pipeline.run().waitUntilFinish();
      assertEquals("jobs refused over the cap", 0, emulator.stats().jobsOverCap());
      assertEquals(1, emulator.stats().aggregateQueriesServed());
    }
  }

  @Test
  public void theUnboundedReadEmitsEachWindowOnceOnlyAfterTheDataIsAvailable() throws Exception {
    SettableClock clock = new SettableClock(DAY.start());
    try (GenesysEmulator emulator = emulator(2_000, "", b -> b.clock(clock))) {
      GenesysIO.Result result =
          pipeline.apply(
              read(emulator)
                  .withWindowSize(Duration.ofHours(6))
                  .unbounded()
                  .withPollInterval(Duration.ofMillis(100)));
      PAssert.that(ids(result)).satisfies(exactly(expectedIds(emulator, DAY)));
      PAssert.that(result.getFailedWindows()).empty();
      PAssert.that(result.getManifests())
          .satisfies(
              manifests -> {
                Set<String> windows = new HashSet<>();
                for (WindowManifest m : manifests) {
                  assertTrue("window read twice: " + m.getWindowId(),
                      windows.add(m.getWindowId()));
                  long end = Interval.parse(m.getWindowId()).end().toEpochMilli();
                  assertTrue(m.getWindowId() + " was read when the data was complete only to "
                          + Instant.ofEpochMilli(m.getDataAvailabilityMs()),
                      m.getDataAvailabilityMs() >= end);
                }
                assertEquals(4, windows.size());
                return null;
              });
      // Half an hour of emulator time every 150 ms: the whole day in about 7 seconds.
      Thread mover = new Thread(() -> {
        while (clock.instant().isBefore(DAY.end().plus(Duration.ofHours(1)))) {
          try {
            Thread.sleep(150);
          } catch (InterruptedException e) {
            return;
          }
          clock.advance(Duration.ofMinutes(30));
        }
      }, "emulator-clock");
      mover.setDaemon(true);
      mover.start();
      pipeline.run().waitUntilFinish();
      mover.interrupt();
    }
  }
}
