package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.model.ConversationJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An in-process Genesys Cloud API over a {@link SyntheticDataset}: real paths, bodies, status codes
 * and headers (DESIGN section 3), plus injectable {@link Faults}. Job results are rendered page by
 * page from the generated JSON, so 50,000+ conversations fit in a small heap.
 *
 * <p>Jobs whose result count exceeds {@code jobResultCap} are accepted (202) and end FAILED with an
 * errorMessage, as the real API reports it through the job status.
 */
public final class GenesysEmulator implements AutoCloseable {
  public static final String DEMO_CLIENT_ID = "gckpi-demo";
  public static final String DEMO_CLIENT_SECRET = "gckpi-demo-secret";
  public static final String PERM_DETAILS = "analytics:conversationDetail:view";
  public static final String PERM_AGGREGATES = "analytics:conversationAggregate:view";
  public static final String PERM_QUEUES = "routing:queue:view";
  public static final String PERM_WRAPUP = "routing:wrapupCode:view";
  public static final String PERM_SKILLS = "routing:skill:view";
  public static final String PERM_USERS = "directory:user:view";
  static final Set<String> ALL_PERMISSIONS =
      Set.of(PERM_DETAILS, PERM_AGGREGATES, PERM_QUEUES, PERM_WRAPUP, PERM_SKILLS, PERM_USERS);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String JOBS = "/api/v2/analytics/conversations/details/jobs";

  private final SyntheticDataset dataset;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Duration jobDelay;
  private final Duration tokenTtl;
  private final int rateLimitPerMinute;
  private final int queryResultCap;
  private final int jobResultCap;
  private final Clock clock;
  private final EmulatorStats stats = new EmulatorStats();
  private volatile Faults faults;
  private volatile Random faultRandom;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> fetchCounts = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private record Client(String secret, Set<String> permissions) {}

  private static final class Token {
    final String clientId;
    final long expiresAtMs;
    long windowStartMs;
    int windowCount;

    Token(String clientId, long expiresAtMs) {
      this.clientId = clientId;
      this.expiresAtMs = expiresAtMs;
    }
  }

  private static final class Job {
    final String id;
    final Interval interval;
    final long submittedMs;
    final List<ConversationGenerator.Generated> results;
    final boolean failed;
    @Nullable String errorMessage;
    boolean read;
    final Set<Integer> pagesRequested = ConcurrentHashMap.newKeySet();

    Job(String id, Interval interval, long submittedMs, List<ConversationGenerator.Generated> r,
        boolean failed, @Nullable String errorMessage) {
      this.id = id;
      this.interval = interval;
      this.submittedMs = submittedMs;
      this.results = r;
      this.failed = failed;
      this.errorMessage = errorMessage;
    }
  }

  /** A response that is not a plain success; thrown by handlers, rendered in one place. */
  private static final class ApiError extends RuntimeException {
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private GenesysEmulator(Builder b) throws IOException {
    this.dataset = SyntheticDataset.generate(b.config);
    this.jobDelay = b.jobDelay;
    this.tokenTtl = b.tokenTtl;
    this.rateLimitPerMinute = b.rateLimitPerMinute;
    this.queryResultCap = b.queryResultCap;
    this.jobResultCap = b.jobResultCap;
    this.clock =
        b.clock != null
            ? b.clock
            : Clock.fixed(
                b.config.startDate().plusDays(b.config.days() + 1L).atTime(LocalTime.MIDNIGHT)
                    .toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC);
    setFaults(b.faults);
    registerClient(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, ALL_PERMISSIONS);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "genesys-emulator");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public SyntheticDataset dataset() {
    return dataset;
  }

  public EmulatorStats stats() {
    return stats;
  }

  public void registerClient(String id, String secret, Set<String> permissions) {
    clients.put(id, new Client(secret, Set.copyOf(permissions)));
  }

  public void setFaults(Faults faults) {
    this.faults = faults;
    this.faultRandom = new Random(faults.seed());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange ex) throws IOException {
    long n = stats.requests.incrementAndGet();
    Faults f = faults;
    String correlationId = String.format("emu-%08d", n);
    ex.getResponseHeaders().set("ININ-Correlation-Id", correlationId);
    try {
      if (f.slowMs() > 0) {
        Thread.sleep(f.slowMs());
      }
      if (f.resetShare() > 0 && draw() < f.resetShare()) {
        stats.resets.incrementAndGet();
        closeAbruptly(ex);
        return;
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/oauth/token") && method.equals("POST")) {
        issueToken(ex);
        return;
      }
      Token token = authenticate(ex);
      rateLimitHeaders(ex, token);
      if (f.storm()) {
        throw serverError(503);
      }
      if (f.tooManyRequestsShare() > 0 && draw() < f.tooManyRequestsShare()) {
        throw tooMany(f.retryAfterSeconds());
      }
      if (f.serverErrorShare() > 0 && draw() < f.serverErrorShare()) {
        int[] codes = {500, 502, 503, 504};
        throw serverError(codes[(int) (stats.serverErrorsSent() % 4)]);
      }
      route(ex, method, path, token);
    } catch (ApiError e) {
      if (e.status == 429) {
        stats.tooManyRequestsSent.incrementAndGet();
      } else if (e.status >= 500) {
        stats.serverErrorsSent.incrementAndGet();
      }
      ObjectNode body = MAPPER.createObjectNode();
      body.put("message", e.getMessage());
      body.put("code", e.code);
      body.put("status", e.status);
      body.put("contextId", correlationId);
      body.putObject("messageParams");
      body.putArray("details");
      body.putArray("errors");
      send(ex, e.status, body.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ObjectNode body = MAPPER.createObjectNode();
      body.put("message", "Emulator error: " + e);
      body.put("code", "internal.server.error");
      body.put("status", 500);
      send(ex, 500, body.toString());
    }
  }

  private static void closeAbruptly(HttpExchange ex) {
    // Closing the exchange before sending headers makes the JDK server drop the connection.
    ex.close();
  }

  private double draw() {
    synchronized (this) {
      return faultRandom.nextDouble();
    }
  }

  private void route(HttpExchange ex, String method, String path, Token token) throws IOException {
    if (path.equals(JOBS) && method.equals("POST")) {
      require(token, PERM_DETAILS);
      submitJob(ex);
    } else if (path.equals(JOBS + "/availability") && method.equals("GET")) {
      require(token, PERM_DETAILS);
      ObjectNode body = MAPPER.createObjectNode();
      body.put("dataAvailabilityDate", ConversationJson.formatTimestamp(clock.millis()));
      send(ex, 200, body.toString());
    } else if (path.startsWith(JOBS + "/")) {
      require(token, PERM_DETAILS);
      String rest = path.substring(JOBS.length() + 1);
      if (rest.endsWith("/results") && method.equals("GET")) {
        jobResults(ex, rest.substring(0, rest.length() - "/results".length()));
      } else if (method.equals("GET")) {
        jobStatus(ex, rest);
      } else if (method.equals("DELETE")) {
        if (jobs.remove(rest) == null) {
          throw new ApiError(404, "not.found", "Job " + rest + " not found");
        }
        send(ex, 204, null);
      } else {
        throw new ApiError(405, "method.not.allowed", method + " " + path);
      }
    } else if (path.equals("/api/v2/analytics/conversations/details/query")
        && method.equals("POST")) {
      require(token, PERM_DETAILS);
      query(ex);
    } else if (path.equals("/api/v2/analytics/conversations/aggregates/query")
        && method.equals("POST")) {
      require(token, PERM_AGGREGATES);
      aggregates(ex);
    } else if (method.equals("GET") && path.equals("/api/v2/routing/queues")) {
      require(token, PERM_QUEUES);
      reference(ex, dataset.queues());
    } else if (method.equals("GET") && path.equals("/api/v2/routing/wrapupcodes")) {
      require(token, PERM_WRAPUP);
      reference(ex, dataset.wrapUpCodes());
    } else if (method.equals("GET") && path.equals("/api/v2/routing/skills")) {
      require(token, PERM_SKILLS);
      reference(ex, dataset.skills());
    } else if (method.equals("GET") && path.equals("/api/v2/users")) {
      require(token, PERM_USERS);
      reference(ex, dataset.users());
    } else {
      throw new ApiError(404, "not.found", "No resource at " + method + " " + path);
    }
  }

  // ---------------------------------------------------------------- auth and limits

  private void issueToken(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (!form.contains("grant_type=client_credentials")) {
      oauthError(ex, 400, "unsupported_grant_type", "grant_type must be client_credentials");
      return;
    }
    if (auth == null || !auth.startsWith("Basic ")) {
      oauthError(ex, 401, "invalid_client", "Basic authorization header required");
      return;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      oauthError(ex, 401, "invalid_client", "malformed Basic credentials");
      return;
    }
    int colon = decoded.indexOf(':');
    String id = colon < 0 ? decoded : decoded.substring(0, colon);
    String secret = colon < 0 ? "" : decoded.substring(colon + 1);
    Client client = clients.get(id);
    if (client == null || !client.secret().equals(secret)) {
      oauthError(ex, 401, "invalid_client", "client not found or secret does not match");
      return;
    }
    String token = "emu-token-" + ids.incrementAndGet() + "-" + Long.toHexString(draw64());
    tokens.put(token, new Token(id, System.currentTimeMillis() + tokenTtl.toMillis()));
    stats.tokensIssued.incrementAndGet();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("access_token", token);
    body.put("token_type", "bearer");
    body.put("expires_in", tokenTtl.toSeconds());
    send(ex, 200, body.toString());
  }

  private long draw64() {
    synchronized (this) {
      return faultRandom.nextLong();
    }
  }

  private void oauthError(HttpExchange ex, int status, String error, String description)
      throws IOException {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("error", error);
    body.put("description", description);
    body.put("error_description", description);
    send(ex, status, body.toString());
  }

  private Token authenticate(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
    }
    Token token = tokens.get(auth.substring(7).trim());
    if (token == null || System.currentTimeMillis() >= token.expiresAtMs) {
      throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
    }
    return token;
  }

  private void rateLimitHeaders(HttpExchange ex, Token token) {
    long now = System.currentTimeMillis();
    int count;
    long resetSec;
    synchronized (token) {
      if (now - token.windowStartMs >= 60_000) {
        token.windowStartMs = now;
        token.windowCount = 0;
      }
      count = ++token.windowCount;
      resetSec = Math.max(0, (token.windowStartMs + 60_000 - now + 999) / 1000);
    }
    int allowed = rateLimitPerMinute == 0 ? Integer.MAX_VALUE : rateLimitPerMinute;
    ex.getResponseHeaders().set("inin-ratelimit-allowed", String.valueOf(allowed));
    ex.getResponseHeaders().set("inin-ratelimit-count", String.valueOf(count));
    ex.getResponseHeaders().set("inin-ratelimit-reset", String.valueOf(resetSec));
    if (rateLimitPerMinute > 0 && count > rateLimitPerMinute) {
      throw tooMany(resetSec);
    }
  }

  private ApiError tooMany(long retryAfterSeconds) {
    ApiError e =
        new ApiError(
            429,
            "too.many.requests",
            "Rate limit exceeded the maximum [" + rateLimitPerMinute + "] requests within [60]"
                + " seconds");
    retryAfter.set(retryAfterSeconds);
    return e;
  }

  private final ThreadLocal<Long> retryAfter = new ThreadLocal<>();

  private static ApiError serverError(int status) {
    return new ApiError(status, "internal.server.error", "The server encountered an error");
  }

  private void require(Token token, String permission) {
    Client client = clients.get(token.clientId);
    if (client == null || !client.permissions().contains(permission)) {
      throw new ApiError(
          403,
          "missing.permissions",
          "Unable to perform the requested action. You are missing the following permission(s): "
              + "[" + permission + "]");
    }
  }

  // ---------------------------------------------------------------- details

  private JsonNode body(HttpExchange ex) throws IOException {
    try {
      JsonNode n = MAPPER.readTree(ex.getRequestBody());
      if (n == null || !n.isObject()) {
        throw new ApiError(400, "bad.request", "The request body must be a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiError(400, "bad.request", "Malformed request body: " + e.getOriginalMessage());
    }
  }

  private static Interval interval(JsonNode body) {
    String text = body.path("interval").asText(null);
    if (text == null) {
      throw new ApiError(400, "bad.request", "interval is required");
    }
    Interval iv;
    try {
      iv = Interval.parse(text);
    } catch (RuntimeException e) {
      throw new ApiError(400, "bad.request", "interval is not valid: " + text);
    }
    if (iv.duration().compareTo(Duration.ofDays(31)) > 0) {
      throw new ApiError(400, "bad.request", "Max interval size is 31 days: " + text);
    }
    return iv;
  }

  private void failWindow(Interval iv) {
    Interval w = faults.failWindow();
    if (w != null && w.overlaps(iv)) {
      throw serverError(500);
    }
  }

  private void submitJob(HttpExchange ex) throws IOException {
    Interval iv = interval(body(ex));
    failWindow(iv);
    List<ConversationGenerator.Generated> matches = new ArrayList<>();
    for (ConversationGenerator.Generated g : dataset.generated()) {
      if (SyntheticDataset.overlaps(g.truth(), iv)) {
        matches.add(g);
      }
    }
    String id = String.format("job-%06d-%08x", ids.incrementAndGet(), iv.hashCode());
    boolean failed = faults.jobFailedShare() > 0 && draw() < faults.jobFailedShare();
    String error = failed ? "Job failed while processing" : null;
    if (matches.size() > jobResultCap) {
      failed = true;
      error = "Job result count " + matches.size() + " exceeds the limit of " + jobResultCap
          + "; split the interval";
      stats.jobsOverCap.incrementAndGet();
    }
    jobs.put(id, new Job(id, iv, System.currentTimeMillis(), matches, failed, error));
    stats.jobsSubmitted.incrementAndGet();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("jobId", id);
    send(ex, 202, body.toString());
  }

  private Job job(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw new ApiError(404, "not.found", "Job " + id + " not found");
    }
    return job;
  }

  private String state(Job job) {
    long age = System.currentTimeMillis() - job.submittedMs;
    long d = jobDelay.toMillis();
    if (age < d / 2) {
      return "QUEUED";
    }
    if (age < d) {
      return "PENDING";
    }
    if (job.failed) {
      return "FAILED";
    }
    if (faults.jobExpired() && job.read) {
      return "EXPIRED";
    }
    return "FULFILLED";
  }

  private void jobStatus(HttpExchange ex, String id) throws IOException {
    Job job = job(id);
    String state = state(job);
    ObjectNode body = MAPPER.createObjectNode();
    body.put("state", state);
    if (state.equals("FAILED") || state.equals("EXPIRED")) {
      body.put("errorMessage", job.errorMessage != null ? job.errorMessage : "Job " + state);
    }
    body.put("submissionDate", ConversationJson.formatTimestamp(job.submittedMs));
    body.put(
        "expirationDate", ConversationJson.formatTimestamp(job.submittedMs + 48 * 3_600_000L));
    send(ex, 200, body.toString());
  }

  private static Map<String, String> queryParams(HttpExchange ex) {
    Map<String, String> params = new LinkedHashMap<>();
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return params;
    }
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : kv.substring(eq + 1);
      params.put(URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return params;
  }

  private void jobResults(HttpExchange ex, String id) throws IOException {
    Job job = job(id);
    String state = state(job);
    if (!state.equals("FULFILLED")) {
      throw new ApiError(400, "bad.request", "Job " + id + " is " + state + ", not FULFILLED");
    }
    Map<String, String> params = queryParams(ex);
    int pageSize = parseInt(params.getOrDefault("pageSize", "1000"), "pageSize");
    if (pageSize < 1 || pageSize > 10_000) {
      throw new ApiError(400, "bad.request", "pageSize must be within 1..10000, got " + pageSize);
    }
    int page = 0;
    String cursor = params.get("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      String[] parts;
      try {
        parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
            .split(":");
        page = Integer.parseInt(parts[0]);
      } catch (RuntimeException e) {
        throw new ApiError(400, "bad.request", "Invalid cursor " + cursor);
      }
      long issued = Long.parseLong(parts[1]);
      int expire = faults.expireCursorSeconds();
      if (expire >= 0 && System.currentTimeMillis() - issued > expire * 1000L) {
        throw new ApiError(400, "bad.request", "The cursor has expired: " + cursor);
      }
    }
    boolean firstRequest = job.pagesRequested.add(page);
    if (faults.failPageOnce() == page && firstRequest) {
      throw serverError(503);
    }
    int from = page * pageSize;
    int to = Math.min(job.results.size(), from + pageSize);
    int next = page + 1;
    if (faults.dropPage() >= 0 && next == faults.dropPage()) {
      next++;
    }
    boolean more = next * pageSize < job.results.size();
    StringBuilder sb = new StringBuilder(Math.max(16, (to - from) * 3000));
    sb.append("{\"conversations\":[");
    for (int i = from; i < to; i++) {
      if (i > from) {
        sb.append(',');
      }
      sb.append(fetch(job.results.get(i), job.interval));
    }
    sb.append(']');
    if (more) {
      String c = Base64.getUrlEncoder().withoutPadding().encodeToString(
          (next + ":" + System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
      sb.append(",\"cursor\":\"").append(c).append('"');
    }
    sb.append(",\"dataAvailabilityDate\":\"")
        .append(ConversationJson.formatTimestamp(clock.millis()))
        .append("\"}");
    job.read = true;
    stats.pagesServedPerJob.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
    String text = sb.toString();
    if (faults.truncate() && page == 0 && firstRequest) {
      stats.truncatedPages.incrementAndGet();
      text = text.substring(0, text.length() / 2);
    }
    send(ex, 200, text);
  }

  /** The JSON a fetch returns now: the first fetch of a closes-late conversation is open. */
  /**
   * The version of a conversation a request gets. Only a request for an interval holding the
   * conversation's start counts as a fetch of it (a neighbouring window's job also returns it,
   * because its lifetime overlaps, and gets the final version): so the first read of the window
   * that owns a closes-late conversation sees it open, whatever the order windows are read in.
   */
  private String fetch(ConversationGenerator.Generated g, Interval asked) {
    if (!asked.contains(java.time.Instant.ofEpochMilli(g.truth().conversationStartMs()))) {
      return g.json();
    }
    long n = fetchCounts.computeIfAbsent(g.truth().conversationId(), k -> new AtomicLong())
        .getAndIncrement();
    if (n > 0) {
      return g.json();
    }
    if (g.firstFetchJson() != null) {
      return g.firstFetchJson();
    }
    String code = g.truth().wrapUpCode();
    if (faults.changing() && code != null) {
      List<ReferenceEntity> codes = dataset.wrapUpCodes();
      String other = codes.get(0).id().equals(code) ? codes.get(1).id() : codes.get(0).id();
      return g.json().replace(code, other);
    }
    return g.json();
  }

  private static int parseInt(String s, String name) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad.request", name + " is not a number: " + s);
    }
  }

  private void query(HttpExchange ex) throws IOException {
    JsonNode body = body(ex);
    Interval iv = interval(body);
    failWindow(iv);
    int pageSize = body.path("paging").path("pageSize").asInt(25);
    int pageNumber = body.path("paging").path("pageNumber").asInt(1);
    if (pageSize < 1 || pageSize > 100) {
      throw new ApiError(400, "bad.request", "paging.pageSize must be within 1..100, got "
          + pageSize);
    }
    if (pageNumber < 1) {
      throw new ApiError(400, "bad.request", "paging.pageNumber must be >= 1");
    }
    if ((long) pageNumber * pageSize > queryResultCap) {
      throw new ApiError(400, "bad.request", "Paging past " + queryResultCap
          + " results is not supported; use a smaller interval");
    }
    // A query answers with the conversations whose lifetime overlaps its interval, less those
    // that started on a UTC day the interval does not touch.
    long dayMs = 86_400_000L;
    long firstDay = Math.floorDiv(iv.start().toEpochMilli(), dayMs) * dayMs;
    List<ConversationGenerator.Generated> matches = new ArrayList<>();
    for (ConversationGenerator.Generated g : dataset.generated()) {
      if (g.truth().conversationStartMs() >= firstDay
          && SyntheticDataset.overlaps(g.truth(), iv)) {
        matches.add(g);
      }
    }
    int from = (pageNumber - 1) * pageSize;
    int to = Math.min(matches.size(), from + pageSize);
    StringBuilder sb = new StringBuilder("{");
    if (from < to) {
      sb.append("\"conversations\":[");
      for (int i = from; i < to; i++) {
        if (i > from) {
          sb.append(',');
        }
        sb.append(fetch(matches.get(i), iv));
      }
      sb.append("],");
    }
    sb.append("\"totalHits\":").append(approximateHits(matches.size())).append('}');
    stats.queriesServed.incrementAndGet();
    send(ex, 200, sb.toString());
  }

  /**
   * Genesys' totalHits is approximate: it counts before duplicates are filtered out of the pages.
   * The emulator over-states it by about 2% so that a reader paging by it, rather than until a
   * short or empty page, asks for pages past the end.
   */
  static long approximateHits(int exact) {
    return exact == 0 ? 0 : exact + exact / 50 + 1;
  }

  private void aggregates(HttpExchange ex) throws IOException {
    JsonNode body = body(ex);
    Interval iv = interval(body);
    failWindow(iv);
    Duration granularity;
    try {
      granularity = body.has("granularity")
          ? Duration.parse(body.get("granularity").asText()) : iv.duration();
    } catch (RuntimeException e) {
      throw new ApiError(400, "bad.request", "granularity is not an ISO-8601 duration");
    }
    if (granularity.isZero() || granularity.isNegative()) {
      throw new ApiError(400, "bad.request", "granularity must be positive");
    }
    List<String> groupBy = new ArrayList<>();
    body.path("groupBy").forEach(n -> groupBy.add(n.asText()));
    Set<String> metrics = new HashSet<>();
    body.path("metrics").forEach(n -> metrics.add(n.asText()));
    if (metrics.isEmpty()) {
      metrics.addAll(AggregateCalculator.METRICS);
    }
    long slaMs = body.path("slaMs").asLong(120_000);
    stats.aggregateQueriesServed.incrementAndGet();
    send(ex, 200,
        AggregateCalculator.answer(dataset, iv, granularity, groupBy, metrics, slaMs).toString());
  }

  private void reference(HttpExchange ex, List<ReferenceEntity> all) throws IOException {
    Map<String, String> params = queryParams(ex);
    int pageSize = parseInt(params.getOrDefault("pageSize", "25"), "pageSize");
    int pageNumber = parseInt(params.getOrDefault("pageNumber", "1"), "pageNumber");
    if (pageSize < 1 || pageSize > 500 || pageNumber < 1) {
      throw new ApiError(400, "bad.request", "pageSize must be 1..500 and pageNumber >= 1");
    }
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode entities = body.putArray("entities");
    int from = (pageNumber - 1) * pageSize;
    for (int i = from; i < Math.min(all.size(), from + pageSize); i++) {
      ObjectNode e = entities.addObject();
      e.put("id", all.get(i).id());
      e.put("name", all.get(i).name());
      e.put("selfUri", ex.getRequestURI().getPath() + "/" + all.get(i).id());
    }
    body.put("pageSize", pageSize);
    body.put("pageNumber", pageNumber);
    body.put("total", all.size());
    body.put("pageCount", (all.size() + pageSize - 1) / pageSize);
    send(ex, 200, body.toString());
  }

  private void send(HttpExchange ex, int status, @Nullable String body) throws IOException {
    if (status == 429) {
      Long ra = retryAfter.get();
      ex.getResponseHeaders().set("Retry-After", String.valueOf(ra == null ? 1 : ra));
      retryAfter.remove();
    }
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Builder of a running emulator. */
  public static final class Builder {
    private EmulatorConfig config = EmulatorConfig.defaults();
    private int port = 0;
    private Faults faults = Faults.none();
    private Duration jobDelay = Duration.ofMillis(300);
    private Duration tokenTtl = Duration.ofHours(1);
    private int rateLimitPerMinute = 300;
    private int queryResultCap = 100_000;
    private int jobResultCap = 400_000;
    private @Nullable Clock clock;

    private Builder() {}

    public Builder config(EmulatorConfig value) {
      this.config = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder faults(Faults value) {
      this.faults = value;
      return this;
    }

    public Builder jobDelay(Duration value) {
      this.jobDelay = value;
      return this;
    }

    public Builder tokenTtl(Duration value) {
      this.tokenTtl = value;
      return this;
    }

    public Builder rateLimitPerMinute(int value) {
      this.rateLimitPerMinute = value;
      return this;
    }

    public Builder queryResultCap(int value) {
      this.queryResultCap = value;
      return this;
    }

    public Builder jobResultCap(int value) {
      this.jobResultCap = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public GenesysEmulator start() {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      try {
        return new GenesysEmulator(this);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("Cannot start the emulator on port " + port, e);
      }
    }
  }
}
