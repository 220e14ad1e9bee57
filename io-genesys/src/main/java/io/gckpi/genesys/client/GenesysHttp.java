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
import io.gckpi.genesys.client.ConnectionSettings.Credentials;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path every endpoint shares: one pooled transport, the rate limiter, the circuit
 * breaker, the OAuth token and the retry handler, and the judgement of the final answer.
 */
final class GenesysHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GenesysHttp.class);

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

  GenesysHttp(ConnectionSettings settings, ClientListener listener, ClientClock clock,
      @Nullable RateLimiter rateLimiter, Supplier<BackOff> backOffs) {
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
    this.backOffs = backOffs;
    this.tokens = new OAuthTokenSource(
        settings, credentials, requestFactory, listener, clock, this.backOffs);
  }

  ConnectionSettings settings() {
    return settings;
  }

  ClientListener listener() {
    return listener;
  }

  ClientClock clock() {
    return clock;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** Reads a successful response body; IOException means the body was unreadable. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(InputStream in, String correlationId) throws IOException;
  }

  record Parsed<T>(T value, String correlationId) {}

  Parsed<DetailsPageParser.Page> detailsPage(InputStream in, String correlationId)
      throws IOException {
    return new Parsed<>(pageParser.parse(in), correlationId);
  }

  JsonNode readTree(InputStream in, String correlationId) throws IOException {
    JsonNode node = mapper.readTree(in);
    if (node == null) {
      throw new IOException("empty body");
    }
    return node;
  }

  /** One API request as the loop needs to know it. */
  record Call(
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
  <T> T execute(Call call, BodyReader<T> reader) {
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

  void sleep(long millis) {
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

  /** The body of a detail job or query. */
  ObjectNode detailsBody(DetailsQuery query) {
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

  JsonNode parseJsonArgument(String json, String name) {
    try {
      return mapper.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static String requiredText(JsonNode answer, String field, String path) {
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
