package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import com.google.api.client.util.BackOff;
import com.google.api.client.util.ExponentialBackOff;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.ConnectionSettings.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GenesysApi} over HTTP: OAuth client credentials, a per-client rate limit shared in the
 * JVM, retries with jittered backoff, a circuit breaker, and errors that say what to fix.
 *
 * <p>Every call is one google-http-client request: before each attempt the circuit breaker must
 * be closed, the rate limiter lets it go and {@link OAuthTokenSource}'s cached token is attached;
 * after a failed attempt {@link RetryHandler} decides, with google-http-client's {@link
 * ExponentialBackOff}, whether and when to send it again (401 renews the token once; 429 waits its
 * Retry-After unless that is a daily quota; 502/503/504, resets and timeouts back off and count
 * towards the breaker). 2xx is parsed before the call returns, so a page is either read whole or
 * the call fails. Every error carries Genesys' message and the ININ-Correlation-Id, and is logged
 * with it.
 */
public final class GenesysClient implements GenesysApi {
  private static final Logger LOG = LoggerFactory.getLogger(GenesysClient.class);

  /** Genesys refuses paging a detail query past this many results. */
  public static final int QUERY_RESULT_CAP = 100_000;

  static final String PERMISSION_DETAILS = "analytics:conversationDetail:view";
  static final String PERMISSION_AGGREGATES = "analytics:conversationAggregate:view";

  private static final String DETAILS_JOBS = "/api/v2/analytics/conversations/details/jobs";
  private static final String DETAILS_QUERY = "/api/v2/analytics/conversations/details/query";
  private static final String AGGREGATES_QUERY = "/api/v2/analytics/conversations/aggregates/query";
  private static final int REFERENCE_PAGE_SIZE = 100;

  private final ConnectionSettings settings;
  private final ClientListener listener;
  private final ClientClock clock;
  private final Credentials credentials;
  private final ApacheHttpTransport transport;
  private final HttpRequestFactory requestFactory;
  private final RateLimiter rateLimiter;
  private final CircuitBreaker breaker;
  private final Supplier<BackOff> backOffs;
  private final OAuthTokenSource tokens;
  private final ObjectMapper mapper = new ObjectMapper();
  private final DetailsPageParser pageParser = new DetailsPageParser(mapper);

  private GenesysClient(
      ConnectionSettings settings,
      ClientListener listener,
      ClientClock clock,
      RateLimiter rateLimiter,
      @Nullable Supplier<BackOff> backOffs) {
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
    this.credentials = settings.resolveCredentials();
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
    pool.setMaxTotal(64);
    pool.setDefaultMaxPerRoute(32);
    this.transport =
        new ApacheHttpTransport(
            HttpClientBuilder.create()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .useSystemProperties()
                .build());
    this.requestFactory = transport.createRequestFactory();
    this.rateLimiter =
        rateLimiter != null
            ? rateLimiter
            : RateLimiter.shared(
                settings.apiBaseUrl(), credentials.clientId(), settings.rateLimitPerMinute());
    this.breaker =
        new CircuitBreaker(
            settings.circuitBreakerThreshold(),
            settings.circuitBreakerCoolDown().toMillis(),
            clock);
    this.backOffs = backOffs != null ? backOffs : () -> backOff(0.5);
    this.tokens = new OAuthTokenSource(
        settings, credentials, requestFactory, listener, clock, this.backOffs);
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
    return settings;
  }

  // ---------------------------------------------------------------- detail jobs

  @Override
  public String submitDetailsJob(DetailsQuery query) {
    JsonNode answer =
        execute(Call.post(DETAILS_JOBS, detailsBody(query), PERMISSION_DETAILS), this::readTree);
    return requiredText(answer, "jobId", DETAILS_JOBS);
  }

  @Override
  public JobStatus getDetailsJobStatus(String jobId) {
    JsonNode answer = execute(Call.get(jobPath(jobId), PERMISSION_DETAILS), this::readTree);
    return new JobStatus(
        requiredText(answer, "state", jobPath(jobId)),
        answer.path("errorMessage").asText(null),
        DetailsPageParser.parseInstant(answer.path("expirationDate").asText(null)));
  }

  @Override
  public JobStatus awaitDetailsJob(String jobId, Duration timeout) {
    long deadline = clock.nowMillis() + timeout.toMillis();
    long pollMillis = settings.jobPollInterval().toMillis();
    while (true) {
      JobStatus status = getDetailsJobStatus(jobId);
      if (status.isTerminal()) {
        return status;
      }
      long now = clock.nowMillis();
      if (now >= deadline) {
        throw new GenesysApiException(
            "Detail job " + jobId + " still " + status.state() + " after " + timeout,
            0,
            null,
            true);
      }
      sleep(Math.min(pollMillis, deadline - now));
      pollMillis = Math.min(pollMillis * 3 / 2, 30_000);
    }
  }

  @Override
  public JobResultsPage getDetailsJobResults(String jobId, String cursor, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
    }
    String path =
        jobPath(jobId)
            + "/results?pageSize="
            + pageSize
            + (cursor == null
                ? ""
                : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    Parsed<DetailsPageParser.Page> parsed =
        execute(Call.get(path, PERMISSION_DETAILS), this::withCorrelation);
    DetailsPageParser.Page page = parsed.value();
    listener.onPage(page.conversations().size());
    return new JobResultsPage(
        page.conversations(), page.cursor(), page.dataAvailabilityDate(), parsed.correlationId());
  }

  @Override
  public void deleteDetailsJob(String jobId) {
    execute(Call.delete(jobPath(jobId), PERMISSION_DETAILS), (in, correlationId) -> null);
  }

  @Override
  public Instant getDetailsJobsAvailability() {
    String path = DETAILS_JOBS + "/availability";
    JsonNode answer = execute(Call.get(path, PERMISSION_DETAILS), this::readTree);
    Instant availability =
        DetailsPageParser.parseInstant(answer.path("dataAvailabilityDate").asText(null));
    if (availability == null) {
      throw new GenesysApiException(
          "No readable dataAvailabilityDate in the answer of " + path, 200, null, true);
    }
    return availability;
  }

  // ---------------------------------------------------------------- detail query

  @Override
  public QueryPage queryDetails(DetailsQuery query, int pageSize, int pageNumber) {
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException(
          "Detail query pageSize must be between 1 and 100 (a Genesys limit), got " + pageSize);
    }
    if (pageNumber < 1) {
      throw new IllegalArgumentException("pageNumber counts from 1, got " + pageNumber);
    }
    ObjectNode body = detailsBody(query);
    body.putObject("paging").put("pageSize", pageSize).put("pageNumber", pageNumber);
    Parsed<DetailsPageParser.Page> parsed =
        execute(Call.post(DETAILS_QUERY, body, PERMISSION_DETAILS), this::withCorrelation);
    DetailsPageParser.Page page = parsed.value();
    listener.onPage(page.conversations().size());
    return new QueryPage(
        page.conversations(), Math.max(page.totalHits(), 0), parsed.correlationId());
  }

  // ---------------------------------------------------------------- aggregates

  @Override
  public List<AggregateRow> queryAggregates(AggregatesQuery query) {
    ObjectNode body = mapper.createObjectNode();
    body.put("interval", query.interval().toString());
    if (query.granularity() != null) {
      body.put("granularity", query.granularity());
    }
    if (query.timeZone() != null) {
      body.put("timeZone", query.timeZone());
    }
    if (query.groupBy() != null) {
      query.groupBy().forEach(body.putArray("groupBy")::add);
    }
    if (query.metrics() != null) {
      query.metrics().forEach(body.putArray("metrics")::add);
    }
    if (query.filterJson() != null) {
      body.set("filter", parseJsonArgument(query.filterJson(), "filterJson"));
    }
    Call call =
        Call.post(AGGREGATES_QUERY, body, PERMISSION_AGGREGATES)
            .withReadTimeout(settings.aggregatesReadTimeout());
    return execute(call, (in, correlationId) -> flattenAggregates(readTree(in, correlationId)));
  }

  private static List<AggregateRow> flattenAggregates(JsonNode answer) {
    List<AggregateRow> rows = new ArrayList<>();
    for (JsonNode result : answer.path("results")) {
      Map<String, String> group = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = result.path("group").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        group.put(field.getKey(), field.getValue().asText());
      }
      for (JsonNode bucket : result.path("data")) {
        Interval interval = Interval.parse(bucket.path("interval").asText());
        for (JsonNode metric : bucket.path("metrics")) {
          JsonNode stats = metric.path("stats");
          rows.add(
              new AggregateRow(
                  Map.copyOf(group),
                  interval,
                  metric.path("metric").asText(),
                  number(stats, "count"),
                  number(stats, "sum"),
                  number(stats, "max"),
                  number(stats, "min"),
                  number(stats, "ratio"),
                  number(stats, "numerator"),
                  number(stats, "denominator"),
                  number(stats, "target")));
        }
      }
    }
    return List.copyOf(rows);
  }

  private static Double number(JsonNode stats, String field) {
    JsonNode value = stats.get(field);
    return value == null || !value.isNumber() ? null : value.asDouble();
  }

  // ---------------------------------------------------------------- reference data

  @Override
  public List<ReferenceEntity> listQueues() {
    return listEntities("/api/v2/routing/queues", "routing:queue:view");
  }

  @Override
  public List<ReferenceEntity> listWrapUpCodes() {
    return listEntities("/api/v2/routing/wrapupcodes", "routing:wrapupCode:view");
  }

  @Override
  public List<ReferenceEntity> listSkills() {
    return listEntities("/api/v2/routing/skills", "routing:skill:view");
  }

  @Override
  public List<ReferenceEntity> listUsers() {
    return listEntities("/api/v2/users", "directory:user:view");
  }

  private List<ReferenceEntity> listEntities(String path, String permission) {
    List<ReferenceEntity> entities = new ArrayList<>();
    int pageNumber = 1;
    while (true) {
      String pagePath = path + "?pageSize=" + REFERENCE_PAGE_SIZE + "&pageNumber=" + pageNumber;
      JsonNode answer = execute(Call.get(pagePath, permission), this::readTree);
      JsonNode page = answer.path("entities");
      for (JsonNode entity : page) {
        entities.add(
            new ReferenceEntity(entity.path("id").asText(), entity.path("name").asText(null)));
      }
      int pageCount = answer.path("pageCount").asInt(pageNumber);
      if (pageNumber >= pageCount || page.isEmpty()) {
        return List.copyOf(entities);
      }
      pageNumber++;
    }
  }

  // ---------------------------------------------------------------- the request loop

  /** Reads a successful response body; IOException means the body was unreadable. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(InputStream in, String correlationId) throws IOException;
  }

  private record Parsed<T>(T value, String correlationId) {}

  private Parsed<DetailsPageParser.Page> withCorrelation(InputStream in, String correlationId)
      throws IOException {
    return new Parsed<>(pageParser.parse(in), correlationId);
  }

  private JsonNode readTree(InputStream in, String correlationId) throws IOException {
    JsonNode node = mapper.readTree(in);
    if (node == null) {
      throw new IOException("empty body");
    }
    return node;
  }

  /** One API request as the loop needs to know it. */
  private record Call(
      String method, String path, ObjectNode body, String permission, Duration readTimeout) {
    static Call get(String path, String permission) {
      return new Call("GET", path, null, permission, null);
    }

    static Call post(String path, ObjectNode body, String permission) {
      return new Call("POST", path, body, permission, null);
    }

    static Call delete(String path, String permission) {
      return new Call("DELETE", path, null, permission, null);
    }

    /** "METHOD /path", as errors and logs name the call. */
    String what() {
      return method + " " + path;
    }

    Call withReadTimeout(Duration timeout) {
      return new Call(method, path, body, permission, timeout);
    }
  }

  /**
   * One call: google-http-client's loop sends it, asking {@link RetryHandler} after each failed
   * attempt whether to send it again; before each attempt the breaker must be closed, the rate
   * limiter lets it go and the current token is attached. Then the final answer is judged.
   */
  private <T> T execute(Call call, BodyReader<T> reader) {
    RetryHandler retries = new RetryHandler(call.what(), settings, breaker, listener,
        backOffs.get(), clock, tokens::invalidate, this::observeRateHeaders);
    HttpResponse response;
    try {
      HttpRequest request = buildRequest(call);
      request.setInterceptor(r -> {
        breaker.checkClosed(call.what());
        throttle();
        String token = tokens.token();
        listener.onRequest(call.method(), call.path());
        r.getHeaders().setAuthorization("Bearer " + token);
      });
      response = retries.attachTo(request).execute();
    } catch (IOException e) {
      if (retries.gaveUp()) {
        throw retries.gaveUpError(0, null, e);
      }
      throw new GenesysApiException(
          "I/O failure on " + call.what() + ": " + e, 0, null, true, e);
    }
    try {
      return judge(call, response, retries, reader);
    } finally {
      Answers.disconnectQuietly(response);
    }
  }

  private <T> T judge(Call call, HttpResponse response, RetryHandler retries,
      BodyReader<T> reader) {
    int status = response.getStatusCode();
    String correlationId = RetryHandler.correlationId(response.getHeaders());
    if (status >= 200 && status < 300) {
      observeRateHeaders(response.getHeaders());
      breaker.recordSuccess();
      try (InputStream in = response.getContent()) {
        return reader.read(in == null ? InputStream.nullInputStream() : in, correlationId);
      } catch (IOException e) {
        LOG.error("Unreadable answer to {} (correlation id {}): {}", call.what(), correlationId,
            e.getMessage());
        throw new GenesysApiException("Malformed or truncated answer to " + call.what()
            + RetryHandler.quoting(correlationId) + ": " + e.getMessage(), status, correlationId,
            true, e);
      }
    }
    if (retries.failure() != null) {
      throw retries.failure();
    }
    if (retries.gaveUp()) {
      throw retries.gaveUpError(status, correlationId, null);
    }
    String message = Answers.genesysMessage(response);
    if (status == 401 && retries.tokenRenewed()) {
      LOG.error("401 on {} with a fresh token (correlation id {})", call.path(), correlationId);
      throw new GenesysApiException("Genesys rejected a freshly issued token on " + call.what()
          + ": the OAuth client's credentials are wrong or it lacks a role for this API"
          + RetryHandler.quoting(correlationId) + ": " + message, status, correlationId, false);
    }
    LOG.error("{} on {} (correlation id {}): {}", status, call.what(), correlationId, message);
    throw new GenesysApiException(describeFailure(call, status, message)
        + RetryHandler.quoting(correlationId), status, correlationId, status >= 500);
  }

  private static String describeFailure(Call call, int status, String message) {
    String what = call.what();
    return switch (status) {
      case 400 -> "Genesys refused " + what + " as a bad request (400): " + message;
      case 403 ->
          "Permission denied (403) on "
              + what
              + ": the OAuth client needs the permission "
              + call.permission()
              + " ("
              + message
              + ")";
      case 404 -> "Not found (404): " + what + ": " + message;
      default -> "Genesys answered " + status + " to " + what + ": " + message;
    };
  }

  private HttpRequest buildRequest(Call call) throws IOException {
    HttpContent content =
        call.body() == null
            ? null
            : new ByteArrayContent("application/json", mapper.writeValueAsBytes(call.body()));
    HttpRequest request =
        requestFactory.buildRequest(
            call.method(), new GenericUrl(settings.apiBaseUrl() + call.path()), content);
    configure(request, settings,
        call.readTimeout() == null ? settings.readTimeout() : call.readTimeout());
    return request;
  }

  /** Timeouts, no redirects or logging of its own, and errors returned rather than thrown. */
  static void configure(HttpRequest request, ConnectionSettings settings, Duration readTimeout) {
    request.setConnectTimeout((int) settings.connectTimeout().toMillis());
    request.setReadTimeout((int) readTimeout.toMillis());
    request.setThrowExceptionOnExecuteError(false);
    request.setNumberOfRetries(0);
    request.setLoggingEnabled(false);
    request.getHeaders().setAccept("application/json");
  }

  private void throttle() {
    try {
      long waited = rateLimiter.acquire();
      if (waited > 0) {
        listener.onThrottled(waited);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenesysApiException("Interrupted while rate limited", 0, null, true, e);
    }
  }

  private void sleep(long millis) {
    try {
      clock.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenesysApiException("Interrupted while waiting to retry", 0, null, true, e);
    }
  }

  private void observeRateHeaders(HttpHeaders headers) {
    long allowed = RetryHandler.longHeader(headers, "inin-ratelimit-allowed");
    long count = RetryHandler.longHeader(headers, "inin-ratelimit-count");
    long reset = RetryHandler.longHeader(headers, "inin-ratelimit-reset");
    rateLimiter.observe(allowed, count, reset < 0 ? -1 : reset * 1000);
  }

  // ---------------------------------------------------------------- helpers

  private ObjectNode detailsBody(DetailsQuery query) {
    ObjectNode body = mapper.createObjectNode();
    body.put("interval", query.interval().toString());
    if (query.order() != null) {
      body.put("order", query.order());
    }
    if (query.orderBy() != null) {
      body.put("orderBy", query.orderBy());
    }
    if (query.conversationFiltersJson() != null) {
      body.set(
          "conversationFilters",
          parseJsonArgument(query.conversationFiltersJson(), "conversationFiltersJson"));
    }
    if (query.segmentFiltersJson() != null) {
      body.set(
          "segmentFilters", parseJsonArgument(query.segmentFiltersJson(), "segmentFiltersJson"));
    }
    return body;
  }

  private JsonNode parseJsonArgument(String json, String name) {
    try {
      return mapper.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static String jobPath(String jobId) {
    if (jobId == null || jobId.isEmpty()) {
      throw new IllegalArgumentException("jobId must be non-empty");
    }
    return DETAILS_JOBS + "/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8);
  }

  private static String requiredText(JsonNode answer, String field, String path) {
    String value = answer.path(field).asText(null);
    if (value == null || value.isEmpty()) {
      throw new GenesysApiException(
          "The answer of " + path + " has no " + field + ": " + answer, 200, null, true);
    }
    return value;
  }

  @Override
  public void close() {
    try {
      transport.shutdown();
    } catch (IOException e) {
      LOG.warn("Closing the HTTP transport failed: {}", e.toString());
    }
  }
}
