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
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.ConnectionSettings.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GenesysApi} over HTTP: OAuth client credentials, a per-client rate limit shared in the
 * JVM, retries with jittered backoff, a circuit breaker, and errors that say what to fix.
 *
 * <p>Every call goes through one loop ({@link #execute}): wait for the rate limiter, attach the
 * cached token, send, then decide by status. 2xx is parsed inside the loop, so a page is either
 * read whole or the call fails. 401 earns one fresh token and one more try. 429 sleeps for its
 * Retry-After (or a jittered backoff) unless the wait is longer than {@code maxRetryAfter}: a daily
 * quota fails fast instead of stalling a worker for hours. 502/503/504, resets and timeouts retry
 * with capped full-jitter backoff and count towards the circuit breaker. Everything else is final
 * and carries Genesys' message and the ININ-Correlation-Id.
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
  private static final long TOKEN_RENEWAL_MARGIN_MILLIS = 60_000;
  private static final int REFERENCE_PAGE_SIZE = 100;

  private final ConnectionSettings settings;
  private final ClientListener listener;
  private final ClientClock clock;
  private final Credentials credentials;
  private final ApacheHttpTransport transport;
  private final HttpRequestFactory requestFactory;
  private final RateLimiter rateLimiter;
  private final CircuitBreaker breaker;
  private final Backoff serverErrorBackoff;
  private final ObjectMapper mapper = new ObjectMapper();
  private final DetailsPageParser pageParser = new DetailsPageParser(mapper);

  private String accessToken;
  private long tokenRenewAtMillis;

  private GenesysClient(
      ConnectionSettings settings,
      ClientListener listener,
      ClientClock clock,
      RateLimiter rateLimiter,
      Backoff backoff) {
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
    this.serverErrorBackoff = backoff != null ? backoff : Backoff.withJitter(500, 30_000);
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
      Backoff backoff) {
    return new GenesysClient(settings, listener, clock, rateLimiter, backoff);
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

  private <T> T execute(Call call, BodyReader<T> reader) {
    boolean freshTokenTried = false;
    int attempt = 0;
    while (true) {
      breaker.checkClosed(call.what());
      throttle();
      String token = accessToken();
      listener.onRequest(call.method(), call.path());
      HttpResponse response;
      try {
        HttpRequest request = buildRequest(call, token);
        response = request.execute();
      } catch (IOException e) {
        // Reset, refused or timed out: no response to judge, so treat as a transient 5xx.
        attempt++;
        breaker.recordServerError();
        retryOrFail(call, 0, attempt, null, serverErrorBackoff.delayMillis(attempt), e);
        continue;
      }
      try {
        int status = response.getStatusCode();
        String correlationId = header(response.getHeaders(), "inin-correlation-id");
        observeRateHeaders(response.getHeaders());
        if (status >= 200 && status < 300) {
          breaker.recordSuccess();
          try (InputStream in = response.getContent()) {
            return in == null
                ? reader.read(InputStream.nullInputStream(), correlationId)
                : reader.read(in, correlationId);
          } catch (IOException e) {
            LOG.error(
                "Unreadable answer to {} {} (correlation id {}): {}",
                call.method(),
                call.path(),
                correlationId,
                e.getMessage());
            throw new GenesysApiException(
                "Malformed or truncated answer to "
                    + call.what()
                    + quoting(correlationId)
                    + ": "
                    + e.getMessage(),
                status,
                correlationId,
                true,
                e);
          }
        }
        String message = genesysMessage(response);
        if (status == 401) {
          if (!freshTokenTried) {
            freshTokenTried = true;
            invalidateToken();
            continue;
          }
          LOG.error("401 on {} with a fresh token (correlation id {})", call.path(), correlationId);
          throw new GenesysApiException(
              "Genesys rejected a freshly issued token on "
                  + call.what()
                  + ": the OAuth client's credentials are wrong or it lacks a role for this API"
                  + quoting(correlationId)
                  + ": "
                  + message,
              status,
              correlationId,
              false);
        }
        if (status == 429) {
          long retryAfterMillis = retryAfterMillis(response.getHeaders());
          listener.onRateLimited(retryAfterMillis);
          if (retryAfterMillis > settings.maxRetryAfter().toMillis()) {
            Instant reset = Instant.ofEpochMilli(clock.nowMillis() + retryAfterMillis);
            LOG.error(
                "Quota exhausted on {} until {} (correlation id {})",
                call.path(),
                reset,
                correlationId);
            throw new GenesysApiException(
                "Genesys API quota exhausted: 429 with Retry-After "
                    + retryAfterMillis / 1000
                    + " s (over the limit of "
                    + settings.maxRetryAfter().toSeconds()
                    + " s); it resets at "
                    + reset
                    + ". Not waiting (ININ-Correlation-Id "
                    + correlationId
                    + ")",
                status,
                correlationId,
                false);
          }
          attempt++;
          long sleep =
              retryAfterMillis >= 0 ? retryAfterMillis : serverErrorBackoff.delayMillis(attempt);
          retryOrFail(call, status, attempt, correlationId, sleep, null);
          continue;
        }
        if (status >= 500) {
          boolean opened = breaker.recordServerError();
          if (opened) {
            LOG.error(
                "Circuit breaker opened after {} consecutive server errors; last {} on {}"
                    + " (correlation id {})",
                breaker.consecutiveFailures(),
                status,
                call.path(),
                correlationId);
            throw new GenesysApiException(
                "Circuit breaker opened after "
                    + breaker.consecutiveFailures()
                    + " consecutive server errors from Genesys; last: "
                    + status
                    + " on "
                    + call.what()
                    + quoting(correlationId)
                    + ": "
                    + message,
                status,
                correlationId,
                true);
          }
          if (status == 502 || status == 503 || status == 504) {
            attempt++;
            retryOrFail(
                call,
                status,
                attempt,
                correlationId,
                serverErrorBackoff.delayMillis(attempt),
                null);
            continue;
          }
        }
        LOG.error(
            "{} on {} {} (correlation id {}): {}",
            status,
            call.method(),
            call.path(),
            correlationId,
            message);
        throw new GenesysApiException(
            describeFailure(call, status, message) + quoting(correlationId),
            status,
            correlationId,
            status >= 500);
      } finally {
        disconnectQuietly(response);
      }
    }
  }

  /** The correlation id in the form every error message quotes it. */
  private static String quoting(String correlationId) {
    return " (ININ-Correlation-Id " + correlationId + ")";
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

  private void retryOrFail(
      Call call, int status, int attempt, String correlationId, long sleepMillis, Exception cause) {
    String what = status == 0 ? "I/O failure (" + cause + ")" : "HTTP " + status;
    if (attempt > settings.maxRetries()) {
      LOG.error(
          "Giving up on {} {} after {} retries: {} (correlation id {})",
          call.method(),
          call.path(),
          settings.maxRetries(),
          what,
          correlationId);
      throw new GenesysApiException(
          "Gave up on "
              + call.what()
              + " after "
              + settings.maxRetries()
              + " retries; last failure: "
              + what
              + " (ININ-Correlation-Id "
              + correlationId
              + ")",
          status,
          correlationId,
          true,
          cause);
    }
    LOG.warn(
        "Retrying {} {} after {}: attempt {} of {}, sleeping {} ms (correlation id {})",
        call.method(),
        call.path(),
        what,
        attempt,
        settings.maxRetries(),
        sleepMillis,
        correlationId);
    listener.onRetry(status, attempt, sleepMillis);
    sleep(sleepMillis);
  }

  private HttpRequest buildRequest(Call call, String token) throws IOException {
    HttpContent content =
        call.body() == null
            ? null
            : new ByteArrayContent("application/json", mapper.writeValueAsBytes(call.body()));
    HttpRequest request =
        requestFactory.buildRequest(
            call.method(), new GenericUrl(settings.apiBaseUrl() + call.path()), content);
    configure(request, call.readTimeout() == null ? settings.readTimeout() : call.readTimeout());
    request.getHeaders().setAuthorization("Bearer " + token);
    return request;
  }

  private void configure(HttpRequest request, Duration readTimeout) {
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
    long allowed = longHeader(headers, "inin-ratelimit-allowed");
    long count = longHeader(headers, "inin-ratelimit-count");
    long reset = longHeader(headers, "inin-ratelimit-reset");
    rateLimiter.observe(allowed, count, reset < 0 ? -1 : reset * 1000);
  }

  private static long retryAfterMillis(HttpHeaders headers) {
    long seconds = longHeader(headers, "retry-after");
    return seconds < 0 ? -1 : seconds * 1000;
  }

  private static long longHeader(HttpHeaders headers, String name) {
    String value = header(headers, name);
    if (value == null) {
      return -1;
    }
    try {
      return (long) Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String header(HttpHeaders headers, String name) {
    return headers.getFirstHeaderStringValue(name);
  }

  private String genesysMessage(HttpResponse response) {
    try {
      String body = response.parseAsString();
      if (body == null || body.isBlank()) {
        return response.getStatusMessage();
      }
      try {
        JsonNode node = mapper.readTree(body);
        String message = node.path("message").asText(null);
        return message != null ? message : body;
      } catch (IOException notJson) {
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
      }
    } catch (IOException e) {
      return response.getStatusMessage();
    }
  }

  private static void disconnectQuietly(HttpResponse response) {
    try {
      response.disconnect();
    } catch (IOException ignored) {
      // The connection goes back to the pool or is dropped; nothing to do either way.
    }
  }

  // ---------------------------------------------------------------- OAuth

  private synchronized void invalidateToken() {
    accessToken = null;
  }

  /** The cached token, renewed 60 s (or half its life, if shorter) before it expires. */
  private synchronized String accessToken() {
    if (accessToken != null && clock.nowMillis() < tokenRenewAtMillis) {
      return accessToken;
    }
    String path = "/oauth/token";
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (credentials.clientId() + ":" + credentials.clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
    for (int attempt = 1; ; attempt++) {
      listener.onRequest("POST", path);
      HttpResponse response;
      try {
        HttpRequest request =
            requestFactory.buildPostRequest(
                new GenericUrl(settings.oauthBaseUrl() + path),
                new ByteArrayContent(
                    "application/x-www-form-urlencoded",
                    "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8)));
        configure(request, settings.readTimeout());
        request.getHeaders().setAuthorization("Basic " + basic);
        response = request.execute();
      } catch (IOException e) {
        if (attempt > settings.maxRetries()) {
          throw new GenesysApiException(
              "Cannot reach the Genesys OAuth server at " + settings.oauthBaseUrl() + ": " + e,
              0,
              null,
              true,
              e);
        }
        sleep(serverErrorBackoff.delayMillis(attempt));
        continue;
      }
      try {
        int status = response.getStatusCode();
        String correlationId = header(response.getHeaders(), "inin-correlation-id");
        if (status == 200) {
          JsonNode answer = mapper.readTree(response.getContent());
          String token = answer.path("access_token").asText(null);
          long expiresInMillis = answer.path("expires_in").asLong(0) * 1000;
          if (token == null || expiresInMillis <= 0) {
            throw new GenesysApiException(
                "The OAuth server's answer has no access_token or expires_in",
                200,
                correlationId,
                true);
          }
          accessToken = token;
          tokenRenewAtMillis =
              clock.nowMillis()
                  + expiresInMillis
                  - Math.min(TOKEN_RENEWAL_MARGIN_MILLIS, expiresInMillis / 2);
          return token;
        }
        String message = genesysMessage(response);
        boolean transientFailure = status == 429 || status >= 500;
        if (transientFailure && attempt <= settings.maxRetries()) {
          long retryAfter = retryAfterMillis(response.getHeaders());
          long sleep = retryAfter >= 0 ? retryAfter : serverErrorBackoff.delayMillis(attempt);
          listener.onRetry(status, attempt, sleep);
          sleep(sleep);
          continue;
        }
        LOG.error(
            "OAuth token request for client {} failed with {} (correlation id {})",
            credentials.clientId(),
            status,
            correlationId);
        throw new GenesysApiException(
            transientFailure
                ? "The Genesys OAuth server keeps failing (" + status + "): " + message
                : "Genesys OAuth refused the client credentials for client id "
                    + credentials.clientId()
                    + " ("
                    + status
                    + "): check the client id and"
                    + " secret and that the OAuth client uses the Client Credentials grant: "
                    + message
                    + " (ININ-Correlation-Id "
                    + correlationId
                    + ")",
            status,
            correlationId,
            transientFailure);
      } catch (IOException e) {
        throw new GenesysApiException(
            "Unreadable answer from the Genesys OAuth server: " + e.getMessage(), 0, null, true, e);
      } finally {
        disconnectQuietly(response);
      }
    }
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
