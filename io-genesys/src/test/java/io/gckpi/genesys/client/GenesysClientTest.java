package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The request loop against a loopback server that answers each path from a script: status, headers
 * and body exactly as Genesys sends them. Time is a {@link FakeClock}, so Retry-After and backoff
 * sleeps are recorded, not slept.
 */
public class GenesysClientTest {
  private static final DetailsQuery QUERY =
      DetailsQuery.of(Interval.parse("2024-03-01T00:00:00Z/2024-03-02T00:00:00Z"));
  private static final String JOBS = "/api/v2/analytics/conversations/details/jobs";

  /** A scripted "status" that drops the connection instead of answering. */
  private static final int RESET = -1;

  private record Answer(int status, Map<String, String> headers, String body) {}

  private HttpServer server;
  private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
  private final Map<String, Answer> fallback = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final FakeClock clock = new FakeClock(1_700_000_000_000L);
  private final List<String> retries = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> rateLimited = Collections.synchronizedList(new ArrayList<>());

  private final ClientListener counting =
      new ClientListener() {
        @Override
        public void onRetry(int status, int attempt, long sleepMillis) {
          retries.add(status + "#" + attempt + ":" + sleepMillis);
        }

        @Override
        public void onRateLimited(long retryAfterMillis) {
          rateLimited.add(retryAfterMillis);
        }
      };

  @Before
  public void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    token("t-1", 86_400);
  }

  @After
  public void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    exchange.getRequestBody().readAllBytes();
    Deque<Answer> queue = script.get(path);
    Answer answer = queue != null && !queue.isEmpty() ? queue.poll() : fallback.get(path);
    if (answer == null) {
      answer = new Answer(404, Map.of(), "{\"message\":\"no route\"}");
    }
    if (answer.status() == RESET) {
      // No status line at all: the client sees the connection drop.
      exchange.close();
      return;
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("ININ-Correlation-Id", "corr-" + requests.size());
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void then(String path, int status, String body, Map<String, String> headers) {
    script.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Answer(status, headers, body));
  }

  private void always(String path, int status, String body) {
    fallback.put(path, new Answer(status, Map.of(), body));
  }

  private void token(String token, int expiresIn) {
    always(
        "/oauth/token",
        200,
        "{\"access_token\":\""
            + token
            + "\",\"token_type\":\"bearer\",\"expires_in\":"
            + expiresIn
            + "}");
  }

  private GenesysClient client(ConnectionSettings settings) {
    return client(settings, counting);
  }

  private GenesysClient client(ConnectionSettings settings, ClientListener listener) {
    return GenesysClient.create(
        settings.withCredentials("gckpi-test", "right-secret"),
        listener,
        clock,
        new RateLimiter(60_000, 100, clock),
        () -> GenesysClient.backOff(0));
  }

  private ConnectionSettings settings() {
    return ConnectionSettings.forBaseUrl("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private long apiRequests() {
    return requests.stream().filter(r -> r.contains("/api/")).count();
  }

  @Test
  public void wrongSecretIsAClearErrorWithoutRetries() {
    always("/oauth/token", 401, "{\"error\":\"invalid_client\",\"description\":\"bad secret\"}");
    try (GenesysClient client = client(settings())) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, () -> client.submitDetailsJob(QUERY));
      assertEquals(401, e.getStatus());
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage(), e.getMessage().contains("refused the client credentials"));
      assertTrue(e.getMessage(), e.getMessage().contains("gckpi-test"));
      assertFalse(e.getMessage(), e.getMessage().contains("right-secret"));
      assertEquals("corr-1", e.getCorrelationId());
      assertEquals(List.of("POST /oauth/token"), requests);
      assertEquals(List.of(), retries);
    }
  }

  @Test
  public void forbiddenNamesThePermissionNeeded() {
    always(JOBS, 403, "{\"message\":\"Missing permission\",\"code\":\"missing.permissions\"}");
    always("/api/v2/routing/skills", 403, "{\"message\":\"Missing permission\"}");
    try (GenesysClient client = client(settings())) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, () -> client.submitDetailsJob(QUERY));
      assertEquals(403, e.getStatus());
      assertTrue(e.getMessage(), e.getMessage().contains("analytics:conversationDetail:view"));
      assertTrue(e.getMessage(), e.getMessage().contains("Missing permission"));
      assertTrue(e.getMessage(), e.getMessage().contains("ININ-Correlation-Id corr-2"));
      e = assertThrows(GenesysApiException.class, client::listSkills);
      assertTrue(e.getMessage(), e.getMessage().contains("routing:skill:view"));
      assertEquals(2, apiRequests());
      assertEquals(List.of(), retries);
    }
  }

  @Test
  public void badRequestShowsGenesysMessage() {
    always(JOBS, 400, "{\"message\":\"Interval exceeds 31 days\",\"status\":400}");
    try (GenesysClient client = client(settings())) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, () -> client.submitDetailsJob(QUERY));
      assertTrue(e.getMessage(), e.getMessage().contains("bad request (400)"));
      assertTrue(e.getMessage(), e.getMessage().contains("Interval exceeds 31 days"));
      assertEquals(1, apiRequests());
    }
  }

  @Test
  public void retryAfterBeyondTheLimitFailsFastSayingWhenTheQuotaResets() {
    then(JOBS, 429, "{\"message\":\"Rate limit exceeded\"}", Map.of("Retry-After", "3600"));
    try (GenesysClient client = client(settings())) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, () -> client.submitDetailsJob(QUERY));
      assertEquals(429, e.getStatus());
      assertTrue(e.getMessage(), e.getMessage().contains("quota exhausted"));
      assertTrue(e.getMessage(), e.getMessage().contains("Retry-After 3600 s"));
      assertTrue(e.getMessage(), e.getMessage().contains("resets at 2023-11-14T23:13:20Z"));
      assertEquals(1, apiRequests());
      assertEquals(List.of(3_600_000L), rateLimited);
      assertEquals(List.of(), retries);
      assertEquals(List.of(), clock.sleeps);
    }
  }

  @Test
  public void shortRetryAfterIsHonouredThenTheCallSucceeds() {
    then(JOBS, 429, "{}", Map.of("Retry-After", "2"));
    then(JOBS, 429, "{}", Map.of());
    then(JOBS, 202, "{\"jobId\":\"job-7\"}", Map.of());
    try (GenesysClient client = client(settings())) {
      assertEquals("job-7", client.submitDetailsJob(QUERY));
      // Retry-After 2 s is slept as given; without the header, backoff (ceiling 1 s at attempt 2).
      assertEquals(List.of("429#1:2000", "429#2:1000"), retries);
      assertEquals(List.of(2_000L, -1L), rateLimited);
      assertEquals(3, apiRequests());
    }
  }

  @Test
  public void aStormOfServerErrorsOpensTheBreakerAfterTheThreshold() {
    always(JOBS, 503, "{\"message\":\"Service Unavailable\"}");
    try (GenesysClient client =
        client(settings().withCircuitBreakerThreshold(4).withMaxRetries(20))) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, () -> client.submitDetailsJob(QUERY));
      assertTrue(e.getMessage(), e.getMessage().contains("Circuit breaker opened after 4"));
      assertTrue(e.isRetryable());
      assertEquals(4, apiRequests());
      assertEquals(List.of("503#1:500", "503#2:1000", "503#3:2000"), retries);

      e = assertThrows(GenesysApiException.class, () -> client.submitDetailsJob(QUERY));
      assertTrue(e.getMessage(), e.getMessage().contains("Circuit breaker open"));
      assertEquals("no request while open", 4, apiRequests());
    }
  }

  @Test
  public void serverErrorsBelowTheBreakerAreRetriedUpToMaxRetries() {
    always(JOBS, 502, "{\"message\":\"Bad Gateway\"}");
    try (GenesysClient client = client(settings().withMaxRetries(2))) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, () -> client.submitDetailsJob(QUERY));
      assertTrue(e.getMessage(), e.getMessage().contains("after 2 retries"));
      assertTrue(e.getMessage(), e.getMessage().contains("HTTP 502"));
      assertEquals("corr-4", e.getCorrelationId());
      assertEquals(3, apiRequests());
    }
  }

  @Test
  public void a401GetsOneFreshTokenThenAClearError() {
    then(JOBS, 401, "{\"message\":\"token expired\"}", Map.of());
    then(JOBS, 202, "{\"jobId\":\"job-1\"}", Map.of());
    always(JOBS + "/job-1", 401, "{\"message\":\"Not authorized\"}");
    try (GenesysClient client = client(settings())) {
      assertEquals("job-1", client.submitDetailsJob(QUERY));
      assertEquals(
          List.of("POST /oauth/token", "POST " + JOBS, "POST /oauth/token", "POST " + JOBS),
          requests);

      GenesysApiException e =
          assertThrows(GenesysApiException.class, () -> client.getDetailsJobStatus("job-1"));
      assertTrue(
          e.getMessage(), e.getMessage().contains("credentials are wrong or it lacks a role"));
      assertFalse(e.isRetryable());
      assertEquals(3, requests.stream().filter(r -> r.contains("/oauth/token")).count());
    }
  }

  @Test
  public void theTokenIsRenewedBeforeItExpires() {
    token("short", 100);
    always(JOBS + "/availability", 200, "{\"dataAvailabilityDate\":\"2024-03-01T00:00:00Z\"}");
    try (GenesysClient client = client(settings())) {
      client.getDetailsJobsAvailability();
      clock.advance(49_000);
      client.getDetailsJobsAvailability();
      assertEquals(1, requests.stream().filter(r -> r.contains("/oauth/token")).count());
      clock.advance(1_000); // 50 s of a 100 s token: renew at half its life
      client.getDetailsJobsAvailability();
      assertEquals(2, requests.stream().filter(r -> r.contains("/oauth/token")).count());
    }
  }

  @Test
  public void aTruncatedPageIsARetryableErrorWithTheCorrelationId() {
    String path = JOBS + "/job-1/results";
    then(path, 200, "{\"conversations\":[{\"conversationId\":\"c-1\",\"partic", Map.of());
    then(path, 200, "{\"conversations\":[{\"conversationId\":\"c-1\"}]}", Map.of());
    try (GenesysClient client = client(settings())) {
      GenesysApiException e =
          assertThrows(
              GenesysApiException.class, () -> client.getDetailsJobResults("job-1", null, 100));
      assertTrue(e.isRetryable());
      assertEquals("corr-2", e.getCorrelationId());
      assertTrue(e.getMessage(), e.getMessage().contains("Malformed or truncated"));
      assertTrue(e.getMessage(), e.getMessage().contains("corr-2"));

      GenesysApi.JobResultsPage page = client.getDetailsJobResults("job-1", null, 100);
      assertEquals(1, page.conversations().size());
      assertEquals("c-1", page.conversations().get(0).conversationId());
      assertEquals(null, page.cursor());
      assertEquals("corr-3", page.correlationId());
    }
  }

  @Test
  public void jobLifecyclePollsWithBackoffAndReadsEveryCursorPage() {
    then(JOBS, 202, "{\"jobId\":\"job-9\"}", Map.of());
    then(JOBS + "/job-9", 200, "{\"state\":\"QUEUED\"}", Map.of());
    then(JOBS + "/job-9", 200, "{\"state\":\"PENDING\"}", Map.of());
    then(
        JOBS + "/job-9",
        200,
        "{\"state\":\"FULFILLED\",\"expirationDate\":\"2024-03-03T00:00:00Z\"}",
        Map.of());
    String results = JOBS + "/job-9/results";
    then(
        results,
        200,
        "{\"conversations\":[{\"conversationId\":\"a\"}],\"cursor\":\"p2\"}",
        Map.of());
    then(results, 200, "{\"conversations\":[{\"conversationId\":\"b\"}]}", Map.of());
    always(JOBS + "/job-9", 204, "");
    List<Integer> pages = Collections.synchronizedList(new ArrayList<>());
    try (GenesysClient client =
        client(
            settings().withJobPollInterval(java.time.Duration.ofSeconds(2)),
            new ClientListener() {
              @Override
              public void onPage(int conversations) {
                pages.add(conversations);
              }
            })) {
      String jobId = client.submitDetailsJob(QUERY);
      GenesysApi.JobStatus status = client.awaitDetailsJob(jobId, java.time.Duration.ofMinutes(5));
      assertEquals("FULFILLED", status.state());
      assertEquals(java.time.Instant.parse("2024-03-03T00:00:00Z"), status.expirationDate());
      // Two polls still running: sleeps of 2 s, then 3 s (x1.5).
      assertEquals(List.of(2_000L, 3_000L), clock.sleeps);

      GenesysApi.JobResultsPage first = client.getDetailsJobResults(jobId, null, 1000);
      assertEquals("p2", first.cursor());
      GenesysApi.JobResultsPage second = client.getDetailsJobResults(jobId, first.cursor(), 1000);
      assertEquals(null, second.cursor());
      assertEquals("b", second.conversations().get(0).conversationId());
      assertEquals(List.of(1, 1), pages);
      client.deleteDetailsJob(jobId);
      assertEquals("DELETE " + JOBS + "/job-9", requests.get(requests.size() - 1));
    }
  }

  /**
   * A job that stays queued is polled ever less often: x1.5 per poll from the poll interval,
   * never more than 30 s apart (Genesys' status answer says nothing of when to ask again).
   */
  @Test
  public void statusPollsBackOffToThirtySeconds() {
    for (int i = 0; i < 9; i++) {
      then(JOBS + "/job-3", 200, "{\"state\":\"QUEUED\"}", Map.of());
    }
    then(JOBS + "/job-3", 200, "{\"state\":\"FULFILLED\"}", Map.of());
    try (GenesysClient client = client(settings())) {
      assertEquals("FULFILLED",
          client.awaitDetailsJob("job-3", java.time.Duration.ofHours(1)).state());
      assertEquals(List.of(2_000L, 3_000L, 4_500L, 6_750L, 10_125L, 15_187L, 22_780L, 30_000L,
          30_000L), clock.sleeps);
    }
  }

  @Test
  public void awaitGivesUpAfterTheTimeout() {
    always(JOBS + "/job-2", 200, "{\"state\":\"PENDING\"}");
    try (GenesysClient client = client(settings())) {
      GenesysApiException e =
          assertThrows(
              GenesysApiException.class,
              () -> client.awaitDetailsJob("job-2", java.time.Duration.ofSeconds(10)));
      assertTrue(e.getMessage(), e.getMessage().contains("still PENDING after PT10S"));
      assertTrue(e.isRetryable());
      assertEquals(List.of(2_000L, 3_000L, 4_500L, 500L), clock.sleeps);
    }
  }

  @Test
  public void referenceDataReadsEveryPage() {
    then(
        "/api/v2/routing/queues",
        200,
        "{\"entities\":[{\"id\":\"q1\",\"name\":\"Sales\"}],\"pageCount\":2,\"total\":2}",
        Map.of());
    then(
        "/api/v2/routing/queues",
        200,
        "{\"entities\":[{\"id\":\"q2\",\"name\":\"QA_Review\"}],\"pageCount\":2}",
        Map.of());
    try (GenesysClient client = client(settings())) {
      assertEquals(
          List.of(
              new GenesysApi.ReferenceEntity("q1", "Sales"),
              new GenesysApi.ReferenceEntity("q2", "QA_Review")),
          client.listQueues());
      assertEquals(2, apiRequests());
    }
  }

  @Test
  public void aggregatesAreFlattenedToOneRowPerMetric() {
    always(
        "/api/v2/analytics/conversations/aggregates/query",
        200,
        "{\"results\":[{\"group\":{\"queueId\":\"q1\",\"mediaType\":\"voice\"},"
            + "\"data\":[{\"interval\":\"2024-03-01T00:00:00.000Z/2024-03-01T00:30:00.000Z\","
            + "\"metrics\":[{\"metric\":\"tHandle\",\"stats\":{\"max\":300000,"
            + "\"min\":1000,\"count\":4,\"sum\":500000}},{\"metric\":\"oServiceLevel\","
            + "\"stats\":{\"ratio\":0.75,\"numerator\":3,\"denominator\":4,"
            + "\"target\":0.8}}]}]}]}");
    try (GenesysClient client = client(settings())) {
      List<GenesysApi.AggregateRow> rows =
          client.queryAggregates(
              new GenesysApi.AggregatesQuery(
                  QUERY.interval(),
                  "PT30M",
                  "UTC",
                  List.of("queueId", "mediaType"),
                  List.of("tHandle", "oServiceLevel"),
                  null));
      assertEquals(2, rows.size());
      GenesysApi.AggregateRow handle = rows.get(0);
      assertEquals(Map.of("queueId", "q1", "mediaType", "voice"), handle.group());
      assertEquals(Interval.parse("2024-03-01T00:00:00Z/2024-03-01T00:30:00Z"), handle.interval());
      assertEquals("tHandle", handle.metric());
      assertEquals(Double.valueOf(4), handle.count());
      assertEquals(Double.valueOf(500_000), handle.sum());
      assertEquals(null, handle.ratio());
      GenesysApi.AggregateRow sla = rows.get(1);
      assertEquals(Double.valueOf(0.75), sla.ratio());
      assertEquals(Double.valueOf(0.8), sla.target());
      assertEquals(null, sla.count());
    }
  }

  @Test
  public void serverRateHeadersNearTheAllowanceSlowTheClientDown() {
    fallback.put(
        JOBS + "/job-3",
        new Answer(
            200,
            Map.of(
                "inin-ratelimit-allowed", "300",
                "inin-ratelimit-count", "297",
                "inin-ratelimit-reset", "20"),
            "{\"state\":\"QUEUED\"}"));
    List<Long> throttled = Collections.synchronizedList(new ArrayList<>());
    try (GenesysClient client =
        client(
            settings(),
            new ClientListener() {
              @Override
              public void onThrottled(long millis) {
                throttled.add(millis);
              }
            })) {
      for (int i = 0; i < 3; i++) {
        client.getDetailsJobStatus("job-3");
      }
      // 3 left of 300 and 20 s to reset: every answer spaces the next request 5 s out.
      assertEquals(List.of(5_000L, 5_000L), throttled);
    }
  }

  @Test
  public void droppedConnectionsAreRetriedWithBackoff() {
    then(JOBS, RESET, "", Map.of());
    then(JOBS, RESET, "", Map.of());
    then(JOBS, 202, "{\"jobId\":\"job-5\"}", Map.of());
    try (GenesysClient client = client(settings())) {
      assertEquals("job-5", client.submitDetailsJob(QUERY));
      assertEquals(List.of("0#1:500", "0#2:1000"), retries);
      assertEquals(3, apiRequests());
    }
  }

  @Test
  public void queryPageSizeOverOneHundredIsRefusedBeforeAnyRequest() {
    try (GenesysClient client = client(settings())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> client.queryDetails(QUERY, 101, 1));
      assertTrue(e.getMessage(), e.getMessage().contains("between 1 and 100"));
      assertEquals(List.of(), requests);
    }
  }
}
