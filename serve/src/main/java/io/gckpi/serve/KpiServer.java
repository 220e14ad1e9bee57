package io.gckpi.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small read-only HTTP API over the KPI tables the pipeline writes to PostgreSQL: AHT per skill
 * rolled up to hours or days, the kpi_daily rows, an OpenAPI document and a health check; and at
 * {@code /} a dashboard page charting them from the API ({@link StaticAssets}).
 *
 * <p>It runs on the JDK's {@link HttpServer}: four GET endpoints and a few static files need
 * routing by exact path and nothing else a framework would bring, and the module stays at Jackson
 * and the JDBC driver.
 *
 * <p>Errors are JSON and say what to do, never how the server failed inside: 400 names the bad
 * parameter, 404 an unknown path, 405 a method other than GET or HEAD (HEAD answers as GET would,
 * without the body), 503 a database that cannot answer (the client may retry), 500 anything
 * else. Details of 5xx go to the log only.
 */
public final class KpiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KpiServer.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json; charset=utf-8";
  /** The page loads its script, style and data from this server only, and nothing else. */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final HttpServer server;
  private final ExecutorService executor;
  private final KpiQueries queries;
  private final byte[] openApi;
  private final StaticAssets assets = new StaticAssets();

  private KpiServer(HttpServer server, ExecutorService executor, KpiQueries queries)
      throws IOException {
    this.server = server;
    this.executor = executor;
    this.queries = queries;
    this.openApi = JSON.writeValueAsBytes(OpenApiDocument.build(JSON));
  }

  /** Starts serving; the database is not contacted until the first request. */
  public static KpiServer start(ServeOptions options) throws IOException {
    Database database =
        new Database(
            options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(), options.jdbcSchema());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "kpi-server-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    KpiServer kpiServer = new KpiServer(server, executor, new KpiQueries(database));
    server.setExecutor(executor);
    server.createContext("/", kpiServer::handle);
    server.start();
    LOG.info("KPI API and dashboard listening on {} (database {})", kpiServer.uri(), database);
    return kpiServer;
  }

  /** The base URI, such as {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create(
        "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Response response;
      try {
        response = respond(exchange);
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response = Response.error(500, "internal error", null);
      }
      send(exchange, response);
    }
  }

  private Response respond(HttpExchange exchange) {
    String path = Objects.requireNonNullElse(exchange.getRequestURI().getPath(), "");
    boolean dashboard = StaticAssets.owns(path);
    Optional<Endpoint> endpoint = Endpoint.forPath(path);
    if (!dashboard && endpoint.isEmpty()) {
      return Response.error(404, "no such endpoint; see /openapi.json", null);
    }
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      return Response.error(405, "only GET (and HEAD) is allowed", null);
    }
    if (dashboard) {
      return assets.find(path)
          .map(asset -> new Response(200, asset.contentType(), asset.body()))
          .orElseGet(() -> Response.error(404, "no such file", null));
    }
    try {
      Query query = Query.parse(exchange.getRequestURI().getRawQuery(), endpoint.get().params);
      return switch (endpoint.get()) {
        case AHT ->
            Response.ok(
                queries.aht(query.dateRange(), query.text(Param.SKILL), query.interval()));
        case KPI_DAILY ->
            Response.ok(
                queries.kpiDaily(
                    query.dateRange(), query.text(Param.QUEUE), query.text(Param.MEDIA)));
        case OPENAPI -> new Response(200, JSON_TYPE, openApi);
        case HEALTH -> health();
      };
    } catch (BadRequest e) {
      return Response.error(400, e.getMessage(), e.parameter());
    } catch (SQLException e) {
      if (Database.isUnavailable(e)) {
        LOG.warn("{} {}: database unavailable: {}", exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(), e.toString());
        return Response.error(503, unavailable(e), null);
      }
      LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      return Response.error(500, "internal error", null);
    }
  }

  private Response health() {
    try {
      queries.ping();
      return Response.ok(Map.of("status", "ok"));
    } catch (SQLException e) {
      LOG.warn("health: database unavailable: {}", e.toString());
      Map<String, String> body = new LinkedHashMap<>();
      body.put("status", "unavailable");
      body.put("error", unavailable(e));
      return Response.json(503, body);
    }
  }

  /** Names the failure by its SQLSTATE, which says enough without the host or the credentials. */
  private static String unavailable(SQLException e) {
    return "database unavailable"
        + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")");
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType);
    headers.set("X-Content-Type-Options", "nosniff");
    if (response.contentType.equals(JSON_TYPE)) {
      headers.set("Cache-Control", "no-store");
    } else {
      // Asked for again on every load, so a new build's files never hide behind an old copy.
      headers.set("Cache-Control", "no-cache");
      if (response.contentType.startsWith("text/html")) {
        headers.set("Content-Security-Policy", PAGE_POLICY);
      }
    }
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(response.status, -1);
      return;
    }
    exchange.sendResponseHeaders(response.status, response.body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body);
    }
  }

  /** A status and its body, already serialized: JSON, or one of the dashboard's files. */
  private record Response(int status, String contentType, byte[] body) {
    static Response ok(Object value) {
      return json(200, value);
    }

    static Response error(int status, String message, String parameter) {
      return json(status, new ErrorBody(message, parameter));
    }

    static Response json(int status, Object value) {
      try {
        return new Response(status, JSON_TYPE, JSON.writeValueAsBytes(value));
      } catch (IOException e) {
        throw new IllegalStateException("cannot serialize a response", e);
      }
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ErrorBody(String error, String parameter) {}

  public static void main(String[] args) throws Exception {
    KpiServer server;
    try {
      server = start(ServeOptions.parse(args));
    } catch (IllegalArgumentException e) {
      System.err.println("KpiServer: " + e.getMessage() + "\n" + ServeOptions.USAGE);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
