package io.gckpi.benchmarks;

import io.gckpi.genesys.GenesysIO;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.RawConversation;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.model.MalformedConversationException;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.EmulatorStats;
import io.gckpi.genesys.testing.Faults;
import io.gckpi.genesys.testing.GenesysEmulator;
import io.gckpi.genesys.testing.GroundTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Extraction against the emulator's rate limit. The emulator serves one day and answers 429 past
 * R requests a minute per token; {@link GenesysIO#read()} reads the day in one-hour windows (the
 * ledger's units; the day is one span, read by a few detail jobs paged at P side by side) on
 * FlinkRunner [local] (parallelism 2), and the ids it emits are written to a file. The ceiling is
 * R x P / 60 conversations a second (every request a full page); the figures are what the read
 * achieves of it between its first and its last API request, what the whole pipeline achieves
 * of it from launch to end, and whether the ids are exactly the day's, none lost and none twice.
 *
 * <p>The same read again under {@link #FAULTS}, the emulator's drawn 429s (Retry-After 1 s) and
 * 5xx, with a client of its own: a request the emulator fails on purpose uses up its place in
 * the rate limit whatever the client does, so that read's ceiling is R x P / 60 times the share
 * of its requests the emulator did not fail on purpose, counted in the same run.
 *
 * <p>Then the same for {@code --mode=QUERY} over four busy hours of the morning ({@link
 * #QUERY_HOURS_OF_DAY}), under {@code query}: a detail query pages at most 100, so its ceiling is
 * R x 100 / 60, and each one-hour window should page about its own hour, not the whole day. Its lost,
 * duplicated and unexpected ids are added to the read's own, so that the exactness target covers
 * both modes.
 *
 * <p>FlinkRunner rather than the DirectRunner: after {@code KeepMostCompleteRaw}'s combine
 * the DirectRunner makes every conversation a bundle of its own and translates the ParDo again
 * for each, which at 100,000s of conversations takes far longer than the read.
 */
final class ExtractionTrial {
  private static final String SECRET = "bench-secret";
  /** The hours of the day the QUERY read covers: four busy ones, to keep the trial short. */
  static final Interval QUERY_HOURS_OF_DAY =
      Interval.parse("1970-01-01T08:00:00Z/1970-01-01T12:00:00Z");
  private static final int QUERY_PAGE_SIZE = 100;
  /** The fault mix of the second read, as in GenesysIOIT. */
  static final String FAULTS = "429=0.1,5xx=0.05";

  private ExtractionTrial() {}

  /** {@link #QUERY_HOURS_OF_DAY} on the trial's day. */
  private static Interval queryHours(Interval day) {
    return new Interval(day.start().plusMillis(QUERY_HOURS_OF_DAY.start().toEpochMilli()),
        day.start().plusMillis(QUERY_HOURS_OF_DAY.end().toEpochMilli()));
  }

  static Map<String, Object> run(int conversations, int rateLimitPerMinute, int pageSize,
      Path work) {
    EmulatorConfig config = EmulatorConfig.defaults().withConversationsPerDay(conversations);
    Instant dayStart = config.startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    Interval day = new Interval(dayStart, dayStart.plus(Duration.ofDays(1)));
    List<Interval> windows = day.split(Duration.ofHours(1));
    try (GenesysEmulator emulator =
        GenesysEmulator.builder().config(config).rateLimitPerMinute(rateLimitPerMinute).start()) {
      // Warm-up on one window with a client of its own: its own token and rate-limit budget.
      read(emulator, "bench-warm-up", GenesysIO.Mode.JOBS, windows.subList(0, 1),
          rateLimitPerMinute, pageSize, work.resolve("warm-up"));
      Map<String, Object> out = measured(emulator, "bench-read", GenesysIO.Mode.JOBS, day,
          rateLimitPerMinute, pageSize, work.resolve("ids"));
      emulator.setFaults(Faults.parse(FAULTS));
      Map<String, Object> faulty = measured(emulator, "bench-faults", GenesysIO.Mode.JOBS, day,
          rateLimitPerMinute, pageSize, work.resolve("fault-ids"));
      emulator.setFaults(Faults.none());
      faulty.put("faults", FAULTS);
      out.put("faults", faulty);
      Interval hours = queryHours(day);
      Map<String, Object> query = measured(emulator, "bench-query", GenesysIO.Mode.QUERY, hours,
          rateLimitPerMinute, QUERY_PAGE_SIZE, work.resolve("query-ids"));
      query.put("interval", hours.toString());
      out.put("query", query);
      for (String key : List.of("lost", "duplicated", "unexpected", "failedWindows")) {
        out.put(key, (Long) out.get(key) + (Long) faulty.get(key) + (Long) query.get(key));
      }
      return out;
    }
  }

  /** One read of {@code interval} in one-hour windows, timed and checked against the truth. */
  private static Map<String, Object> measured(GenesysEmulator emulator, String clientId,
      GenesysIO.Mode mode, Interval interval, int rateLimitPerMinute, int pageSize, Path ids) {
    EmulatorStats stats = emulator.stats();
    long tooManyBefore = stats.tooManyRequestsSent();
    long requestsBefore = stats.requests();
    long faultsBefore = stats.faultsInjected();
    long jobsBefore = stats.jobsSubmitted();
    long started = System.nanoTime();
    PipelineResult result;
    RequestClock clock = RequestClock.start(stats);
    try {
      result = read(emulator, clientId, mode, interval.split(Duration.ofHours(1)),
          rateLimitPerMinute, pageSize, ids);
    } finally {
      clock.close();
    }
    double pipelineSeconds = (System.nanoTime() - started) / 1e9;
    Map<String, Long> client = BeamRuns.counters(result, "gckpi.genesys");
    List<String> emitted = lines(ids);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode.name());
    out.put("seconds", clock.seconds());
    out.put("items", emitted.size());
    out.put("pipelineSeconds", pipelineSeconds);
    long requests = stats.requests() - requestsBefore;
    long injected = stats.faultsInjected() - faultsBefore;
    double ceiling = rateLimitPerMinute * (double) pageSize / 60;
    out.put("ceilingPerSecond", ceiling);
    // What the rate limit leaves for pages once the emulator failed some requests on purpose.
    out.put("runCeilingPerSecond",
        requests == 0 ? ceiling : ceiling * (requests - injected) / requests);
    out.put("requests", requests);
    out.put("faultsInjected", injected);
    out.put("jobs", stats.jobsSubmitted() - jobsBefore);
    // Each job's part of the day and the pages it served: how even the parts were, and what the
    // conversations in progress at each cut cost (they come back from both jobs).
    List<String> parts = new ArrayList<>();
    for (EmulatorStats.JobActivity job : stats.jobs().subList((int) jobsBefore,
        stats.jobs().size())) {
      parts.add(job.interval() + " " + job.pages() + " pages, " + job.statusPolls() + " polls");
    }
    out.put("parts", parts);
    out.put("pages", client.getOrDefault("pages", 0L));
    out.put("tooManyRequests", stats.tooManyRequestsSent() - tooManyBefore);
    out.put("failedWindows", client.getOrDefault("failed_windows", 0L));
    out.putAll(exactness(emulator, interval, emitted));
    return out;
  }

  private static PipelineResult read(GenesysEmulator emulator, String clientId,
      GenesysIO.Mode mode, List<Interval> windows, int rateLimitPerMinute, int pageSize,
      Path ids) {
    // What the job's OAuth client holds: details, and aggregates for planning a day's parts
    // from its conversation counts (and, in the job, for reconciliation).
    emulator.registerClient(clientId, SECRET,
        Set.of(GenesysEmulator.PERM_DETAILS, GenesysEmulator.PERM_AGGREGATES));
    Pipeline pipeline = Pipeline.create(BeamRuns.Runner.FLINK.options());
    pipeline
        .apply(
            "Extract",
            GenesysIO.read()
                .withConnectionSettings(
                    ConnectionSettings.forBaseUrl(emulator.baseUrl())
                        .withCredentials(clientId, SECRET)
                        // The emulator finishes a job in a fraction of a second.
                        .withJobPollInterval(Duration.ofMillis(200)))
                .withWindows(windows)
                .withMode(mode)
                .withRateLimitPerMinute(rateLimitPerMinute)
                .withPageSize(pageSize))
        .getRawConversations()
        .apply("Ids", MapElements.into(TypeDescriptors.strings())
            .via(RawConversation::getConversationId))
        .apply("WriteIds", TextIO.write().to(ids.resolve("ids").toString()));
    return BeamRuns.runToTheEnd(pipeline);
  }

  private static List<String> lines(Path dir) {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ids in " + dir, e);
    }
    return lines;
  }

  /** Ids emitted against the interval's ground truth: lost, emitted twice, or not of it. */
  private static Map<String, Object> exactness(GenesysEmulator emulator, Interval day,
      List<String> emitted) {
    Set<String> expected = new HashSet<>();
    // Served with a start that cannot be read: the read cannot tell which window holds them, so
    // it keeps every copy the API returns for the interval (the job dead-letters them); one of
    // another interval's is not an id the read got wrong.
    Set<String> unplaceable = new HashSet<>();
    long expectedWithoutId = 0;
    for (GroundTruth truth : emulator.dataset().groundTruth()) {
      if (MalformedConversationException.MISSING_CONVERSATION_START.equals(
              truth.expectedMalformedReason())
          || MalformedConversationException.BAD_TIMESTAMP.equals(truth.expectedMalformedReason())) {
        unplaceable.add(truth.conversationId());
      }
      if (!day.contains(Instant.ofEpochMilli(truth.conversationStartMs()))) {
        continue;
      }
      if (MalformedConversationException.MISSING_CONVERSATION_ID.equals(
          truth.expectedMalformedReason())) {
        expectedWithoutId++; // served without an id: only their number can be checked
      } else {
        expected.add(truth.conversationId());
      }
    }
    Set<String> seen = new HashSet<>();
    long withoutId = 0;
    long twice = 0;
    for (String id : emitted) {
      if (id.isEmpty()) {
        withoutId++;
      } else if (!seen.add(id)) {
        twice++;
      }
    }
    long lost = expected.stream().filter(id -> !seen.contains(id)).count();
    long unexpected =
        seen.stream().filter(id -> !expected.contains(id) && !unplaceable.contains(id)).count();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("expected", expected.size() + expectedWithoutId);
    out.put("lost", lost + Math.max(0, expectedWithoutId - withoutId));
    out.put("duplicated", twice + Math.max(0, withoutId - expectedWithoutId));
    out.put("unexpected", unexpected);
    return out;
  }

  /**
   * The time from the first to the last request the emulator answers while it runs: the read's
   * API phase, without the runner's start-up before it and the de-duplication after it.
   */
  private static final class RequestClock implements AutoCloseable {
    private final EmulatorStats stats;
    private final Thread watcher;
    private final long base;
    private volatile long firstNanos;
    private volatile long lastNanos;

    private RequestClock(EmulatorStats stats) {
      this.stats = stats;
      this.base = stats.requests();
      this.watcher = new Thread(this::watch, "request-clock");
      watcher.setDaemon(true);
    }

    static RequestClock start(EmulatorStats stats) {
      RequestClock clock = new RequestClock(stats);
      clock.watcher.start();
      return clock;
    }

    private void watch() {
      long seen = base;
      try {
        while (!Thread.currentThread().isInterrupted()) {
          long now = stats.requests();
          if (now != seen) {
            long t = System.nanoTime();
            if (seen == base) {
              firstNanos = t;
            }
            lastNanos = t;
            seen = now;
          }
          Thread.sleep(5);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    double seconds() {
      return (lastNanos - firstNanos) / 1e9;
    }

    @Override
    public void close() {
      watcher.interrupt();
    }
  }
}
