package io.gckpi.genesys;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApiFactory;
import io.gckpi.genesys.client.GenesysClient;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads Genesys Cloud conversation detail records, every conversation of an interval exactly once.
 *
 * <pre>{@code
 * GenesysIO.Result result = pipeline.apply(
 *     GenesysIO.read()
 *         .withConnectionSettings(ConnectionSettings.forRegion("mypurecloud.ie")
 *             .withCredentialsFromEnvironment())
 *         .withInterval(Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z")));
 * result.getRawConversations();  // RawConversation, once per conversation
 * result.getFailedWindows();     // windows that kept failing; the others went on
 * result.getManifests();         // one per window read, for a ledger
 * }</pre>
 *
 * <p>The interval is cut into fixed, non-overlapping, half-open UTC windows (default 1 hour): the
 * units of the ledger, each with its manifest or its failure. In jobs mode the windows of one
 * UTC day form a span read by a few detail jobs ({@link JobSpans}), not one job per window:
 * a job's submit, polls, delete and partial last page would otherwise cost about half the rate
 * limit. One element per span, spread over workers by a reshuffle, because Flink in batch mode
 * parallelises only what it is given up front. {@link ReadWindowFn}, a splittable DoFn, reads a
 * span page by page with a restriction that records each part's detail job and cursor, so that a
 * checkpoint resumes at the next pages without losing or repeating one; {@link
 * Read#withJobConcurrency} parts, planned from the aggregates API's counts into equal shares of
 * the day, are paged at once and the next job is submitted while they page ({@link
 * PrefetchingPager}); a part over the result cap is read in halves, and {@link
 * Read#withAggregateSizing} caps the planned parts; a failing step is
 * repeated up to {@link Read#withMaxAttemptsPerWindow} times per part, a part of several windows
 * that keeps failing is cut at a window boundary, and a window that keeps failing becomes a
 * {@link FailedWindow} while the run goes on. A conversation is emitted by the part that holds
 * its start, with the window that holds it; copies that still meet (a record whose start is
 * unreadable comes back in every window its lifetime overlaps, a job restarted after its cursor
 * expired repeats its pages) are reduced to the most complete one, in {@link
 * Read#withShardsPerDay} shards of each day.
 *
 * <p>{@link Read#unbounded()} follows the present instead ({@link FollowWindowsFn}): each window
 * is read once Genesys' data availability date passes it, again after {@link
 * Read#withTrailingHorizon}, with event-time timestamps and a watermark; an improved copy of a
 * conversation comes out again and replaces the earlier one downstream.
 *
 * <p>Rate limit: {@link Read#withRateLimitPerMinute} is per worker JVM. All windows read in one
 * JVM share one token bucket per OAuth client, so with N workers the org sees up to N times the
 * limit: give each worker the org's budget divided by N (on Flink, N is the number of
 * TaskManagers; on Dataflow, the maximum number of workers). The 429s that still come back are
 * honoured (Retry-After) and counted in the {@code gckpi.genesys/http_429} metric, and the time
 * spent waiting in Beam's throttling counter.
 */
public final class GenesysIO {
  private GenesysIO() {}

  /** Bulk detail jobs (the default, for complete days) or paged queries (fresh intraday data). */
  public enum Mode {
    JOBS,
    QUERY;

    /** Parses a mode in any case, so that {@code --mode=query} reads as {@code QUERY}. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Mode parse(String text) {
      return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Parts of a span paged at once by default: see {@link Read#withJobConcurrency}. */
  static final int DEFAULT_JOB_CONCURRENCY = 2;

  public static Read read() {
    return new AutoValue_GenesysIO_Read.Builder()
        .setWindowSize(Duration.ofHours(1))
        .setMode(Mode.JOBS)
        .setMaxAttemptsPerWindow(3)
        .setRateLimitPerMinute(300)
        .setUnbounded(false)
        .setPollInterval(Duration.ofMinutes(1))
        .setAvailabilityLag(Duration.ZERO)
        .setTrailingHorizon(Duration.ZERO)
        .setAggregateSizingTarget(0)
        .setJobConcurrency(DEFAULT_JOB_CONCURRENCY)
        .setShardsPerDay(BestCopyPerId.SHARDS_PER_DAY)
        .setProgressInterval(Duration.ofSeconds(30))
        .setClock(WallClock.SYSTEM)
        .build();
  }

  /** "Now" for the unbounded read: the system clock, or a test's. */
  public interface WallClock extends Serializable {
    WallClock SYSTEM = java.time.Instant::now;

    java.time.Instant now();
  }

  /** The read; every {@code withX} returns a changed copy. */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, Result> {
    abstract @Nullable Interval getInterval();

    abstract @Nullable List<Interval> getWindows();

    abstract Duration getWindowSize();

    abstract Mode getMode();

    abstract @Nullable Integer getPageSize();

    abstract @Nullable ConnectionSettings getConnectionSettings();

    abstract @Nullable GenesysApiFactory getApiFactory();

    abstract int getRateLimitPerMinute();

    abstract int getMaxAttemptsPerWindow();

    abstract @Nullable String getConversationFilters();

    abstract @Nullable String getSegmentFilters();

    abstract @Nullable Long getResultCap();

    abstract long getAggregateSizingTarget();

    abstract int getJobConcurrency();

    abstract int getShardsPerDay();

    abstract boolean getUnbounded();

    abstract Duration getPollInterval();

    abstract Duration getAvailabilityLag();

    abstract Duration getTrailingHorizon();

    abstract Duration getProgressInterval();

    abstract WallClock getClock();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setInterval(@Nullable Interval value);

      abstract Builder setWindows(@Nullable List<Interval> value);

      abstract Builder setWindowSize(Duration value);

      abstract Builder setMode(Mode value);

      abstract Builder setPageSize(@Nullable Integer value);

      abstract Builder setConnectionSettings(@Nullable ConnectionSettings value);

      abstract Builder setApiFactory(@Nullable GenesysApiFactory value);

      abstract Builder setRateLimitPerMinute(int value);

      abstract Builder setMaxAttemptsPerWindow(int value);

      abstract Builder setConversationFilters(@Nullable String value);

      abstract Builder setSegmentFilters(@Nullable String value);

      abstract Builder setResultCap(@Nullable Long value);

      abstract Builder setAggregateSizingTarget(long value);

      abstract Builder setJobConcurrency(int value);

      abstract Builder setShardsPerDay(int value);

      abstract Builder setUnbounded(boolean value);

      abstract Builder setPollInterval(Duration value);

      abstract Builder setAvailabilityLag(Duration value);

      abstract Builder setTrailingHorizon(Duration value);

      abstract Builder setProgressInterval(Duration value);

      abstract Builder setClock(WallClock value);

      abstract Read build();
    }

    /** The interval to read, cut into windows of {@link #withWindowSize}. */
    public Read withInterval(Interval interval) {
      return toBuilder().setInterval(interval).build();
    }

    /** Exactly these windows (e.g. those a ledger says are incomplete), instead of an interval. */
    public Read withWindows(List<Interval> windows) {
      return toBuilder().setWindows(List.copyOf(windows)).build();
    }

    public Read withWindowSize(Duration windowSize) {
      return toBuilder().setWindowSize(windowSize).build();
    }

    public Read withMode(Mode mode) {
      return toBuilder().setMode(mode).build();
    }

    /** Results per page: jobs 1..10000 (default 1000), queries 1..100 (default 100). */
    public Read withPageSize(int pageSize) {
      return toBuilder().setPageSize(pageSize).build();
    }

    public Read withConnectionSettings(ConnectionSettings settings) {
      return toBuilder().setConnectionSettings(settings).build();
    }

    /**
     * Reads through the {@link GenesysApi} {@code factory} makes (once per reader instance)
     * instead of a {@code GenesysClient} over {@link #withConnectionSettings}: an in-memory API
     * or a mock transport in tests, or a client configured beyond what the settings hold. The
     * rate limit and retries are then the factory's API's own.
     */
    public Read withApiFactory(GenesysApiFactory factory) {
      return toBuilder().setApiFactory(factory).build();
    }

    /** The API factory the readers use: {@link #withApiFactory}'s, else HTTP from the settings. */
    GenesysApiFactory apiFactory() {
      if (getApiFactory() != null) {
        return getApiFactory();
      }
      return GenesysApiFactory.http(
          getConnectionSettings().withRateLimitPerMinute(getRateLimitPerMinute()));
    }

    /** API requests per minute per worker JVM (see the class documentation). */
    public Read withRateLimitPerMinute(int requestsPerMinute) {
      return toBuilder().setRateLimitPerMinute(requestsPerMinute).build();
    }

    public Read withMaxAttemptsPerWindow(int attempts) {
      return toBuilder().setMaxAttemptsPerWindow(attempts).build();
    }

    /** Genesys conversationFilters JSON array, passed through to every job or query. */
    public Read withConversationFilters(String json) {
      return toBuilder().setConversationFilters(json).build();
    }

    /** Genesys segmentFilters JSON array, passed through to every job or query. */
    public Read withSegmentFilters(String json) {
      return toBuilder().setSegmentFilters(json).build();
    }

    /**
     * Results above which a window part is read in halves, learnt before any of its pages is
     * emitted: in QUERY mode from page one's total hits (default Genesys' 100,000); in JOBS mode
     * Genesys refuses a job over its own cap of 400,000 (the job ends FAILED) and that refusal is
     * what splits, so a lower value has no effect there: use {@link #withAggregateSizing} or a
     * smaller {@link #withWindowSize}.
     */
    public Read withResultCap(long cap) {
      return toBuilder().setResultCap(cap).build();
    }

    /**
     * Caps the parts a span is read in: before a span's first job (or a window's first query),
     * the aggregates API is asked for its conversation counts per 30 minutes ({@code
     * nConversations}), and the span is read in parts holding at most {@code
     * conversationsPerPart} conversations each (see {@link PartPlanner}), {@link
     * #withJobConcurrency} of them paged at once. A busy day then takes several jobs from the
     * start instead of a refused job followed by halves. In jobs mode a span of several parts is
     * planned from the counts anyway (into equal shares), so this only adds the cap; in query
     * mode it costs one aggregates request per window. The OAuth client needs {@code
     * analytics:conversationAggregate:view} (as reconciliation does); when the counts cannot be
     * had the span is read in its first parts. Needs windows of whole half hours, at least one
     * hour long. A target well under the cap (e.g. 200,000 for jobs, 50,000 for queries) leaves
     * room for conversations that started earlier, which a job also returns. Default 0: no cap.
     */
    public Read withAggregateSizing(long conversationsPerPart) {
      return toBuilder().setAggregateSizingTarget(conversationsPerPart).build();
    }

    /**
     * How many parts of a span are paged at once (default {@value #DEFAULT_JOB_CONCURRENCY}). In
     * jobs mode the windows of a UTC day are read by a few detail jobs rather than one each (see
     * {@link JobSpans}): before the first job the day is cut into this many parts holding equal
     * shares of its conversations, from the aggregates API's counts per 30 minutes (fewer parts
     * for a day of under ten pages a part; more where {@link #withAggregateSizing} caps them;
     * equal runs of its windows when the counts cannot be had), their cursors are paged side by
     * side, and the job of the next part is submitted and polled while they page. A cursor is
     * sequential, so one part alone waits out every Retry-After and every backoff with the rate
     * limit idle; a second keeps it busy meanwhile. Each further part costs a submit, polls, a
     * delete and a partial last page, and every conversation in progress at a cut comes back
     * from both jobs (on a busy day thousands), so two suit Genesys' standard 300 requests a
     * minute; raise it with the rate limit. Genesys limits the detail jobs an org runs at once.
     * In query mode it applies to the parts a window's result cap split it into.
     */
    public Read withJobConcurrency(int parts) {
      return toBuilder().setJobConcurrency(parts).build();
    }

    /**
     * The shards of a UTC day the read's de-duplication keeps copies in (default {@value
     * BestCopyPerId#SHARDS_PER_DAY}). A shard's records are in memory together while the combine
     * emits them, so a day of many conversations wants more: {@code
     * DayCounts.shardsPerDay(DayCounts.busiestDay(api, windows))} sizes them from the aggregates
     * API's counts before the graph is built (KpiPipeline does so). Bounded reads only: the
     * unbounded read keeps its newest copies per conversation.
     */
    public Read withShardsPerDay(int shards) {
      return toBuilder().setShardsPerDay(shards).build();
    }

    /**
     * Follows the present instead of reading a finished interval: windows from the interval's
     * start are read as the data becomes complete (see {@link FollowWindowsFn}), and the read
     * ends once the interval's end is passed and re-read; give a far-future end to follow for
     * good. The output is unbounded, timestamped at each conversation's start, with a watermark at
     * the earliest window still due a read.
     */
    public Read unbounded() {
      return toBuilder().setUnbounded(true).build();
    }

    /** Unbounded: how long to wait before looking again when no window is complete (1 min). */
    public Read withPollInterval(Duration pollInterval) {
      return toBuilder().setPollInterval(pollInterval).build();
    }

    /**
     * Unbounded: a window is read only once it ended this long before now, on top of Genesys'
     * data availability date (default 0: the availability date alone decides).
     */
    public Read withAvailabilityLag(Duration lag) {
      return toBuilder().setAvailabilityLag(lag).build();
    }

    /**
     * Unbounded: each window is read a second time once the frontier has passed its end by this
     * much, so that conversations still going on at the first read land closed (default 0: read
     * once); those open at the first read are held back until the second. A bounded read reads
     * every window it is given; which recent windows to read again is its caller's plan (the
     * pipeline's {@code --trailingHorizon} with the ledger).
     */
    public Read withTrailingHorizon(Duration horizon) {
      return toBuilder().setTrailingHorizon(horizon).build();
    }

    /**
     * How often each worker logs the read's progress (default 30 seconds; zero: never): windows
     * finished of the read's windows, conversations read, their rate and the time left at the
     * rate windows are finishing (see {@link ReadProgress}). The figures are also Beam metrics in
     * namespace {@code gckpi.genesys}: the counters {@code windows}, {@code failed_windows} and
     * {@code conversations}, which the runner sums over workers, and the gauges {@code
     * windows_total}, {@code windows_done}, {@code conversations_per_second} and {@code
     * seconds_left}, each the latest a worker reported of its own share. On one JVM (the
     * DirectRunner, a local Flink) they are the whole read's.
     */
    public Read withProgressInterval(Duration interval) {
      return toBuilder().setProgressInterval(interval).build();
    }

    /** Unbounded: the clock that says "now" (default the system clock; tests drive their own). */
    public Read withClock(WallClock clock) {
      return toBuilder().setClock(clock).build();
    }

    List<Interval> windows() {
      return getWindows() != null ? getWindows() : getInterval().split(getWindowSize());
    }

    int pageSize() {
      if (getPageSize() != null) {
        return getPageSize();
      }
      return getMode() == Mode.JOBS ? 1000 : GenesysClient.QUERY_PAGE_SIZE_MAX;
    }

    long resultCap() {
      if (getResultCap() != null) {
        return getResultCap();
      }
      return getMode() == Mode.JOBS ? 400_000 : GenesysClient.QUERY_RESULT_CAP;
    }

    void validate() {
      check(getConnectionSettings() != null || getApiFactory() != null,
          "GenesysIO.read() needs withConnectionSettings(ConnectionSettings.forRegion(domain)"
              + ".withCredentials...) or withApiFactory(..)");
      check((getInterval() == null) != (getWindows() == null),
          "GenesysIO.read() needs exactly one of withInterval(..) or withWindows(..)");
      check(getWindows() == null || !getWindows().isEmpty(),
          "GenesysIO.read().withWindows(..) got no windows; skip the read instead");
      Duration size = getWindowSize();
      check(size.compareTo(Duration.ofMinutes(15)) >= 0 && size.compareTo(Duration.ofDays(1)) <= 0,
          "withWindowSize must be between 15 minutes and 1 day, got " + size);
      int max = getMode() == Mode.JOBS ? 10_000 : GenesysClient.QUERY_PAGE_SIZE_MAX;
      check(pageSize() >= 1 && pageSize() <= max,
          "withPageSize must be 1.." + max + " in " + getMode() + " mode, got " + pageSize());
      check(getJobConcurrency() >= 1 && getJobConcurrency() <= 16,
          "withJobConcurrency must be 1..16, got " + getJobConcurrency());
      check(getShardsPerDay() >= 1 && getShardsPerDay() <= BestCopyPerId.MAX_SHARDS_PER_DAY,
          "withShardsPerDay must be 1.." + BestCopyPerId.MAX_SHARDS_PER_DAY + ", got "
              + getShardsPerDay());
      check(getMaxAttemptsPerWindow() >= 1,
          "withMaxAttemptsPerWindow must be at least 1, got " + getMaxAttemptsPerWindow());
      check(getRateLimitPerMinute() >= 1,
          "withRateLimitPerMinute must be positive, got " + getRateLimitPerMinute());
      if (getUnbounded()) {
        check(getInterval() != null,
            "GenesysIO.read().unbounded() follows the present from withInterval(..)'s start;"
                + " withWindows(..) is for bounded reads");
        check(!getPollInterval().isNegative() && !getPollInterval().isZero(),
            "withPollInterval must be positive, got " + getPollInterval());
      }
      check(!getAvailabilityLag().isNegative(),
          "withAvailabilityLag must not be negative, got " + getAvailabilityLag());
      check(getAggregateSizingTarget() >= 0,
          "withAggregateSizing must be 0 (off) or a number of conversations, got "
              + getAggregateSizingTarget());
      check(getAggregateSizingTarget() == 0 || PartPlanner.sizable(size),
          "withAggregateSizing sizes windows by half hours: withWindowSize must be whole half"
              + " hours and at least 1 hour (PT1H..P1D), got " + size);
      check(!getTrailingHorizon().isNegative(),
          "withTrailingHorizon must not be negative, got " + getTrailingHorizon());
      check(!getProgressInterval().isNegative(),
          "withProgressInterval must not be negative (zero: no progress log), got "
              + getProgressInterval());
    }

    private static void check(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }

    @Override
    public Result expand(PBegin input) {
      validate();
      PCollectionTuple extracted;
      TupleTagList others = TupleTagList.of(GenesysReadFn.FAILED).and(GenesysReadFn.MANIFESTS);
      if (getUnbounded()) {
        extracted =
            input
                .apply("Interval", Create.of(getInterval().toString()))
                .apply(
                    "FollowWindows",
                    ParDo.of(new FollowWindowsFn(this))
                        .withOutputTags(GenesysReadFn.CONVERSATIONS, others));
      } else {
        extracted =
            input
                .apply(
                    "Windows",
                    Create.of(JobSpans.group(windows(), getMode()))
                        .withCoder(ListCoder.of(StringUtf8Coder.of())))
                .apply("SpreadWindows", Reshuffle.viaRandomKey())
                .apply(
                    "ExtractWindows",
                    ParDo.of(new ReadWindowFn(this))
                        .withOutputTags(GenesysReadFn.CONVERSATIONS, others));
      }
      // Every output is coded by its Beam schema through @DefaultCoder(DefaultSchemaCoder.class).
      PCollection<RawConversation> raw = extracted.get(GenesysReadFn.CONVERSATIONS);
      PCollection<RawConversation> unique =
          getUnbounded()
              ? raw.apply(
                  "KeepNewest",
                  KeepNewestRaw.keepingFor(getTrailingHorizon().plus(getWindowSize())))
              : raw.apply(
                  "KeepMostComplete",
                  KeepMostCompleteRaw.create().withShardsPerDay(getShardsPerDay()));
      return new Result(
          input.getPipeline(),
          unique,
          extracted.get(GenesysReadFn.FAILED),
          extracted.get(GenesysReadFn.MANIFESTS));
    }
  }

  /** The read's outputs, like Beam's {@code WriteResult}. */
  public static final class Result implements POutput, Serializable {
    private static final TupleTag<RawConversation> RAW = new TupleTag<RawConversation>() {};
    private static final TupleTag<FailedWindow> FAILED = new TupleTag<FailedWindow>() {};
    private static final TupleTag<WindowManifest> MANIFESTS = new TupleTag<WindowManifest>() {};

    private final transient Pipeline pipeline;
    private final transient PCollection<RawConversation> rawConversations;
    private final transient PCollection<FailedWindow> failedWindows;
    private final transient PCollection<WindowManifest> manifests;

    Result(
        Pipeline pipeline,
        PCollection<RawConversation> rawConversations,
        PCollection<FailedWindow> failedWindows,
        PCollection<WindowManifest> manifests) {
      this.pipeline = pipeline;
      this.rawConversations = rawConversations;
      this.failedWindows = failedWindows;
      this.manifests = manifests;
    }

    public PCollection<RawConversation> getRawConversations() {
      return rawConversations;
    }

    public PCollection<FailedWindow> getFailedWindows() {
      return failedWindows;
    }

    public PCollection<WindowManifest> getManifests() {
      return manifests;
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public java.util.Map<TupleTag<?>, PValue> expand() {
      return java.util.Map.of(RAW, rawConversations, FAILED, failedWindows, MANIFESTS, manifests);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
