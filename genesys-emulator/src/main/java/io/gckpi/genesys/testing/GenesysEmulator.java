package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.testing.EmulatorHttp.ApiError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An in-process Genesys Cloud API over a {@link SyntheticDataset}: real paths, bodies, status codes
 * and headers, plus injectable {@link Faults}. This class starts the loopback server and routes
 * each request; the parts a request goes through are their own classes: {@link FaultInjector}
 * (delays, resets, storms, drawn 429s and 5xx), {@link EmulatorOAuth} (tokens, permissions, the
 * per-token rate limit), {@link DetailJobStore} (the detail jobs' state machine and cursor
 * paging), {@link QueryEndpoints} (detail and aggregates queries, reference data),
 * {@link ConversationVersions} (which version of a conversation a fetch gets) and
 * {@link EmulatorHttp} (reading requests, writing answers and Genesys' error bodies).
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

  private static final String JOBS = "/api/v2/analytics/conversations/details/jobs";

  /** The emulator's own counters, not a Genesys path: no token needed, not rate limited. */
  public static final String STATS = "/emulator/stats";

  private final SyntheticDataset dataset;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final EmulatorStats stats = new EmulatorStats();
  private final FaultInjector faults;
  private final ConversationVersions versions;
  private final EmulatorOAuth oauth;
  private final DetailJobStore jobs;
  private final QueryEndpoints queries;
  private final int rateLimitPerMinute;

  private GenesysEmulator(Builder b) throws IOException {
    this.dataset = SyntheticDataset.generate(b.config);
    this.clock =
        b.clock != null
            ? b.clock
            : Clock.fixed(
                b.config.startDate().plusDays(b.config.days() + 1L).atTime(LocalTime.MIDNIGHT)
                    .toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC);
    this.rateLimitPerMinute = b.rateLimitPerMinute;
    this.faults = new FaultInjector(b.faults, stats, b.rateLimitPerMinute);
    AtomicLong ids = new AtomicLong();
    this.oauth = new EmulatorOAuth(b.tokenTtl, b.rateLimitPerMinute, stats, faults, ids);
    this.versions = new ConversationVersions(dataset, faults);
    if (b.settled) {
      settle(versions);
    }
    this.jobs =
        new DetailJobStore(dataset, b.jobDelay, b.jobResultCap, clock, stats, faults, versions,
            ids);
    this.queries = new QueryEndpoints(dataset, b.queryResultCap, stats, faults, versions);
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

  /**
   * Spends every conversation's first fetch, so that every read gets its final version: the data
   * as it is once Genesys has settled it. Two runs against settled emulators see the same
   * conversations, however often each re-reads a window (a restarted job does).
   */
  private void settle(ConversationVersions versions) {
    for (ConversationGenerator.Generated g : dataset.generated()) {
      Instant start = Instant.ofEpochMilli(g.truth().conversationStartMs());
      versions.fetch(g, new Interval(start, start.plusMillis(1)));
    }
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

  /**
   * How often conversation {@code id} has been served by a request for an interval holding its
   * start (job pages and query pages alike, settling included): the fetches that see a first
   * version under the {@code changing} and {@code resegment} faults count here, so a test can
   * tell which version each conversation's last read got.
   */
  public long fetches(String conversationId) {
    return versions.fetches(conversationId);
  }

  public void registerClient(String id, String secret, Set<String> permissions) {
    oauth.registerClient(id, secret, permissions);
  }

  public void setFaults(Faults faults) {
    this.faults.set(faults);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange ex) throws IOException {
    if (ex.getRequestURI().getPath().equals(STATS) && ex.getRequestMethod().equals("GET")) {
      EmulatorHttp.send(ex, 200, statsJson().toString());
      return;
    }
    long n = stats.requests.incrementAndGet();
    Faults f = faults.faults();
    String correlationId = String.format("emu-%08d", n);
    ex.getResponseHeaders().set("ININ-Correlation-Id", correlationId);
    try {
      if (faults.delayOrReset(f, ex)) {
        return;
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/oauth/token") && method.equals("POST")) {
        oauth.issueToken(ex);
        return;
      }
      EmulatorOAuth.Token token = oauth.authenticate(ex);
      oauth.countRequest(ex, token);
      faults.failAuthenticatedRequest(f);
      route(ex, method, path, token);
    } catch (ApiError e) {
      if (e.status == 429) {
        stats.tooManyRequestsSent.incrementAndGet();
      } else if (e.status >= 500) {
        stats.serverErrorsSent.incrementAndGet();
      }
      EmulatorHttp.sendError(ex, e, correlationId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
      body.put("message", "Emulator error: " + e);
      body.put("code", "internal.server.error");
      body.put("status", 500);
      EmulatorHttp.send(ex, 500, body.toString());
    }
  }

  /**
   * {@link EmulatorStats} as JSON: the totals, the result pages served, the rate limit, and per
   * token its client, requests, first and last request (epoch ms) and busiest 60 seconds.
   */
  private ObjectNode statsJson() {
    ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
    body.put("requests", stats.requests());
    body.put("tokensIssued", stats.tokensIssued());
    body.put("tooManyRequestsSent", stats.tooManyRequestsSent());
    body.put("serverErrorsSent", stats.serverErrorsSent());
    body.put("jobsSubmitted", stats.jobsSubmitted());
    body.put("resultPagesServed", stats.resultPagesServed());
    body.put("aggregateQueriesServed", stats.aggregateQueriesServed());
    body.put("rateLimitPerMinute", rateLimitPerMinute);
    ArrayNode tokens = body.putArray("tokens");
    for (EmulatorStats.TokenUse use : stats.tokenUse()) {
      ObjectNode t = tokens.addObject();
      t.put("clientId", use.clientId());
      t.put("requests", use.requests());
      t.put("firstRequestMs", use.firstRequestMs());
      t.put("lastRequestMs", use.lastRequestMs());
      t.put("busiestMinute", use.busiestMinute());
    }
    return body;
  }

  private void route(HttpExchange ex, String method, String path, EmulatorOAuth.Token token)
      throws IOException {
    if (path.equals(JOBS) && method.equals("POST")) {
      oauth.require(token, PERM_DETAILS);
      jobs.submit(ex);
    } else if (path.equals(JOBS + "/availability") && method.equals("GET")) {
      oauth.require(token, PERM_DETAILS);
      ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
      body.put("dataAvailabilityDate", ConversationJson.formatTimestamp(clock.millis()));
      EmulatorHttp.send(ex, 200, body.toString());
    } else if (path.startsWith(JOBS + "/")) {
      oauth.require(token, PERM_DETAILS);
      String rest = path.substring(JOBS.length() + 1);
      if (rest.endsWith("/results") && method.equals("GET")) {
        jobs.results(ex, rest.substring(0, rest.length() - "/results".length()));
      } else if (method.equals("GET")) {
        jobs.status(ex, rest);
      } else if (method.equals("DELETE")) {
        jobs.delete(ex, rest);
      } else {
        throw new ApiError(405, "method.not.allowed", method + " " + path);
      }
    } else if (path.equals("/api/v2/analytics/conversations/details/query")
        && method.equals("POST")) {
      oauth.require(token, PERM_DETAILS);
      queries.detailQuery(ex);
    } else if (path.equals("/api/v2/analytics/conversations/aggregates/query")
        && method.equals("POST")) {
      oauth.require(token, PERM_AGGREGATES);
      queries.aggregates(ex);
    } else if (method.equals("GET") && path.equals("/api/v2/routing/queues")) {
      oauth.require(token, PERM_QUEUES);
      queries.reference(ex, dataset.queues());
    } else if (method.equals("GET") && path.equals("/api/v2/routing/wrapupcodes")) {
      oauth.require(token, PERM_WRAPUP);
      queries.reference(ex, dataset.wrapUpCodes());
    } else if (method.equals("GET") && path.equals("/api/v2/routing/skills")) {
      oauth.require(token, PERM_SKILLS);
      queries.reference(ex, dataset.skills());
    } else if (method.equals("GET") && path.equals("/api/v2/users")) {
      oauth.require(token, PERM_USERS);
      queries.reference(ex, dataset.users());
    } else {
      throw new ApiError(404, "not.found", "No resource at " + method + " " + path);
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
    private boolean settled;

    private Builder() {}

    /**
     * Whether every conversation is served in its final version from the first read on (default
     * false: a closes-late conversation is open at its window's first read, as Genesys serves a
     * conversation still in progress).
     */
    public Builder settled(boolean value) {
      this.settled = value;
      return this;
    }

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
