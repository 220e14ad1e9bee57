package io.gckpi.genesys.client;

import com.google.api.client.util.BackOff;
import com.google.api.client.util.ExponentialBackOff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link GenesysApi} over HTTP: OAuth client credentials, a per-client rate limit shared in the
 * JVM, retries with jittered backoff, a circuit breaker, and errors that say what to fix.
 *
 * <p>Each API family is a thin endpoint class ({@link DetailJobsEndpoint}, {@link
 * DetailQueryEndpoint}, {@link AggregatesEndpoint}, {@link ReferenceDataEndpoint}) over one
 * {@link GenesysHttp}. Every call is one google-http-client request: before each attempt the
 * circuit breaker must be closed, the rate limiter lets it go and {@link OAuthTokenSource}'s
 * cached token is attached; after a failed attempt {@link RetryHandler} decides, with
 * google-http-client's {@link ExponentialBackOff}, whether and when to send it again (401 renews
 * the token once; 429 waits its Retry-After unless that is a daily quota; 502/503/504, resets and
 * timeouts back off and count towards the breaker). 2xx is parsed before the call returns, so a
 * page is either read whole or the call fails. Every error carries Genesys' message and the
 * ININ-Correlation-Id, and is logged with it.
 */
public final class GenesysClient implements GenesysApi {
  /** Genesys refuses paging a detail query past this many results. */
  public static final int QUERY_RESULT_CAP = 100_000;
  /** The most results a detail query returns per page. */
  public static final int QUERY_PAGE_SIZE_MAX = 100;

  static final String PERMISSION_DETAILS = "analytics:conversationDetail:view";
  static final String PERMISSION_AGGREGATES = "analytics:conversationAggregate:view";

  private final GenesysHttp http;
  private final DetailJobsEndpoint jobs;
  private final DetailQueryEndpoint query;
  private final AggregatesEndpoint aggregates;
  private final ReferenceDataEndpoint referenceData;

  private GenesysClient(
      ConnectionSettings settings,
      ClientListener listener,
      ClientClock clock,
      @Nullable RateLimiter rateLimiter,
      @Nullable Supplier<BackOff> backOffs) {
    this.http = new GenesysHttp(settings, listener, clock, rateLimiter,
        backOffs != null ? backOffs : () -> backOff(0.5));
    this.jobs = new DetailJobsEndpoint(http);
    this.query = new DetailQueryEndpoint(http);
    this.aggregates = new AggregatesEndpoint(http);
    this.referenceData = new ReferenceDataEndpoint(http);
  }

  /**
   * The backoff between retries of one call: 0.5 s doubling to at most 30 s, each wait drawn
   * within {@code jitter} of it (0.5 spreads the retries of workers that failed together, as
   * they share one org's rate limit; 0 makes the waits exact, for tests).
   */
  static BackOff backOff(double jitter) {
    return new ExponentialBackOff.Builder()
        .setInitialIntervalMillis(500)
        .setMultiplier(2)
        .setMaxIntervalMillis(30_000)
        .setRandomizationFactor(jitter)
        .setMaxElapsedTimeMillis(Integer.MAX_VALUE)
        .build();
  }

  public static GenesysClient create(ConnectionSettings settings) {
    return create(settings, ClientListener.NONE);
  }

  public static GenesysClient create(ConnectionSettings settings, ClientListener listener) {
    return new GenesysClient(settings, listener, ClientClock.SYSTEM, null, null);
  }

  /** For tests: a private rate limiter, clock and backoff instead of the shared ones. */
  static GenesysClient create(
      ConnectionSettings settings,
      ClientListener listener,
      ClientClock clock,
      RateLimiter rateLimiter,
      Supplier<BackOff> backOffs) {
    return new GenesysClient(settings, listener, clock, rateLimiter, backOffs);
  }

  public ConnectionSettings settings() {
    return http.settings();
  }

  @Override
  public String submitDetailsJob(DetailsQuery details) {
    return jobs.submitDetailsJob(details);
  }

  @Override
  public JobStatus getDetailsJobStatus(String jobId) {
    return jobs.getDetailsJobStatus(jobId);
  }

  @Override
  public JobStatus awaitDetailsJob(String jobId, Duration timeout) {
    return jobs.awaitDetailsJob(jobId, timeout);
  }

  @Override
  public JobResultsPage getDetailsJobResults(String jobId, String cursor, int pageSize) {
    return jobs.getDetailsJobResults(jobId, cursor, pageSize);
  }

  @Override
  public void deleteDetailsJob(String jobId) {
    jobs.deleteDetailsJob(jobId);
  }

  @Override
  public Instant getDetailsJobsAvailability() {
    return jobs.getDetailsJobsAvailability();
  }

  @Override
  public QueryPage queryDetails(DetailsQuery details, int pageSize, int pageNumber) {
    return query.queryDetails(details, pageSize, pageNumber);
  }

  @Override
  public List<AggregateRow> queryAggregates(AggregatesQuery aggregatesQuery) {
    return aggregates.queryAggregates(aggregatesQuery);
  }

  @Override
  public List<ReferenceEntity> listQueues() {
    return referenceData.listQueues();
  }

  @Override
  public List<ReferenceEntity> listWrapUpCodes() {
    return referenceData.listWrapUpCodes();
  }

  @Override
  public List<ReferenceEntity> listSkills() {
    return referenceData.listSkills();
  }

  @Override
  public List<ReferenceEntity> listUsers() {
    return referenceData.listUsers();
  }

  @Override
  public void close() {
    http.close();
  }
}
