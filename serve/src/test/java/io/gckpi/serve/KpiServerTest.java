package io.gckpi.serve;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The HTTP surface without a database: the server points at a closed port, so every request that
 * passes validation ends in a 503, and every one that does not ends in a 400 before any database
 * work. Runs in about a second.
 */
@RunWith(JUnit4.class)
public class KpiServerTest {
  private static KpiServer server;
  private static Api api;

  @BeforeClass
  public static void startAgainstAClosedPort() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/gckpi?user=gckpi&password=gckpi";
    server = KpiServer.start(ServeOptions.defaults().withPort(0).withJdbc(url, null, null));
    api = new Api(server);
  }

  @AfterClass
  public static void stop() {
    server.close();
  }

  /** The one-day range 2024-01-15 and the other parameters given. */
  private static Map<String, String> oneDay(String... more) {
    Map<String, String> params = Api.params("start_date", "2024-01-15", "end_date", "2024-01-15");
    params.putAll(Api.params(more));
    return params;
  }

  @Test
  public void healthIs503WhenTheDatabaseIsDown() throws Exception {
    Api.Reply reply = api.get("/health", Map.of());
    assertEquals(503, reply.status());
    assertEquals("unavailable", reply.json().get("status").asText());
    assertTrue(reply.json().get("error").asText(), reply.json().get("error").asText()
        .startsWith("database unavailable"));
    assertFalse(reply.json().toString(), reply.json().toString().contains("password"));
  }

  @Test
  public void metricsAre503JsonWhenTheDatabaseIsDown() throws Exception {
    for (String path : new String[] {"/metrics/aht", "/metrics/kpi-daily"}) {
      Api.Reply reply = api.get(path, oneDay());
      assertEquals(path, 503, reply.status());
      assertTrue(reply.contentType().startsWith("application/json"));
      assertTrue(reply.json().get("error").asText().startsWith("database unavailable"));
      assertFalse("no stack trace", reply.json().toString().contains("Exception"));
    }
  }

  @Test
  public void everyBadParameterIs400NamingIt() throws Exception {
    String tooLong = "x".repeat(Param.MAX_TEXT_LENGTH + 1);
    Object[][] cases = {
      {"/metrics/aht", Api.params("end_date", "2024-01-15"), "start_date"},
      {"/metrics/aht", Api.params("start_date", "2024-01-15"), "end_date"},
      {"/metrics/aht", oneDay("start_date", "2024-02-30"), "start_date"},
      {"/metrics/aht", oneDay("end_date", "16.01.2024"), "end_date"},
      {"/metrics/aht", oneDay("end_date", "2024-01-14"), "end_date"},
      {"/metrics/aht", oneDay("start_date", "2024-01-01", "end_date", "2025-01-01"), "end_date"},
      {"/metrics/aht", oneDay("interval", "15m"), "interval"},
      {"/metrics/aht", oneDay("skill", tooLong), "skill"},
      {"/metrics/aht", oneDay("queue", "q1"), "queue"},
      {"/metrics/kpi-daily", oneDay("start_date", "2024-1-15"), "start_date"},
      {"/metrics/kpi-daily", oneDay("queue", tooLong), "queue"},
      {"/metrics/kpi-daily", oneDay("media", tooLong), "media"},
      {"/metrics/kpi-daily", oneDay("interval", "1d"), "interval"},
    };
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      Api.Reply reply = api.get((String) c[0], (Map<String, String>) c[1]);
      String label = c[0] + " " + c[1];
      assertEquals(label, 400, reply.status());
      assertEquals(label, c[2], reply.json().path("parameter").asText());
      assertTrue(label, reply.json().path("error").asText().length() > 0);
    }
    Api.Reply twice = api.send("GET", "/metrics/aht?start_date=2024-01-15&start_date=2024-01-16");
    assertEquals(400, twice.status());
    assertEquals("start_date", twice.json().get("parameter").asText());
  }

  @Test
  public void boundaryValuesPassValidation() throws Exception {
    // 503 rather than 400: the request got as far as the (closed) database.
    Api.Reply leapYear = api.get("/metrics/aht",
        Api.params("start_date", "2024-01-01", "end_date", "2024-12-31", "interval", "1d",
            "skill", "x".repeat(Param.MAX_TEXT_LENGTH)));
    assertEquals(503, leapYear.status());
  }

  @Test
  public void unknownPathIs404AndOtherMethodsAre405() throws Exception {
    Api.Reply missing = api.get("/metrics/unknown", Map.of());
    assertEquals(404, missing.status());
    assertTrue(missing.json().has("error"));
    assertEquals(404, api.get("/metrics/aht/", Map.of()).status());
    for (String method : new String[] {"POST", "PUT", "DELETE"}) {
      Api.Reply reply = api.send(method, "/metrics/aht?start_date=2024-01-15&end_date=2024-01-15");
      assertEquals(method, 405, reply.status());
      assertTrue(reply.json().has("error"));
    }
    assertEquals(503, api.status("HEAD", "/health"));
  }

  @Test
  public void openApiDescribesEveryEndpointAndParameter() throws Exception {
    Api.Reply reply = api.get("/openapi.json", Map.of());
    assertEquals(200, reply.status());
    JsonNode doc = reply.json();
    assertTrue(doc.get("openapi").asText().startsWith("3."));
    for (Endpoint endpoint : Endpoint.values()) {
      JsonNode get = doc.path("paths").path(endpoint.path).path("get");
      assertTrue(endpoint.path, get.isObject());
      Set<String> documented = new HashSet<>();
      get.path("parameters").forEach(p -> documented.add(p.get("name").asText()));
      Set<String> accepted = new HashSet<>();
      endpoint.params.forEach(p -> accepted.add(p.wireName));
      assertEquals(endpoint.path, accepted, documented);
    }
    JsonNode aht = doc.at("/paths/~1metrics~1aht/get/parameters");
    assertEquals("true", find(aht, "start_date").get("required").asText());
    assertEquals("date", find(aht, "end_date").at("/schema/format").asText());
    assertEquals("[\"1h\",\"1d\"]", find(aht, "interval").at("/schema/enum").toString());
    assertEquals(200, find(aht, "skill").at("/schema/maxLength").asInt());
    assertTrue(doc.at("/components/schemas/AhtPoint/properties/avg_handle_time").isObject());
  }

  @Test
  public void dashboardPageAndAssetsAreServedWithTheirTypes() throws Exception {
    Api.Text page = api.raw("GET", "/");
    assertEquals(200, page.status());
    assertEquals("text/html; charset=utf-8", page.headers().get("content-type"));
    assertEquals(KpiServer.PAGE_POLICY, page.headers().get("content-security-policy"));
    assertEquals("nosniff", page.headers().get("x-content-type-options"));
    assertTrue(page.body().contains("<script src=\"/assets/dashboard.js\""));
    assertTrue(page.body().contains("<script src=\"/assets/chart.umd.js\""));
    String[][] assets = {
      {"/assets/dashboard.js", "text/javascript; charset=utf-8", "/metrics/kpi-daily"},
      {"/assets/dashboard.css", "text/css; charset=utf-8", "figure.chart"},
      // Installed from npm by the build (web/build.sh) and served from the jar, not from a CDN.
      {"/assets/chart.umd.js", "text/javascript; charset=utf-8", "Chart.js v4"},
      {"/assets/chart.js-LICENSE.md", "text/markdown; charset=utf-8", "MIT"},
    };
    for (String[] asset : assets) {
      Api.Text reply = api.raw("GET", asset[0]);
      assertEquals(asset[0], 200, reply.status());
      assertEquals(asset[0], asset[1], reply.headers().get("content-type"));
      assertEquals(asset[0], "no-cache", reply.headers().get("cache-control"));
      assertTrue(asset[0], reply.body().contains(asset[2]));
    }
    assertEquals(200, api.raw("HEAD", "/").status());
    assertEquals(405, api.raw("POST", "/").status());
    assertEquals(405, api.raw("DELETE", "/assets/dashboard.js").status());
  }

  @Test
  public void nothingOutsideTheAssetsCanBeNamed() throws Exception {
    String[] paths = {
      "/assets/../../etc/passwd",
      "/assets/../../../../../../etc/passwd",
      "/assets/..%2f..%2fetc%2fpasswd",
      "/assets/%2e%2e/%2e%2e/etc/passwd",
      "/assets/..%5c..%5cetc%5cpasswd",
      "/assets/../io/gckpi/serve/KpiServer.class",
      "/assets/../index.html",
      "/assets//etc/passwd",
      "/assets/%2fetc%2fpasswd",
      "/assets/",
      "/assets/.hidden.js",
      "/assets/dashboard.js/",
      "/assets/dashboard.js%00.css",
      "/assets/no-such-file.js",
      "/assets/META-INF",
      "/../../etc/passwd",
      "/index.html",
      "/static/index.html",
      "/io/gckpi/serve/KpiServer.class",
    };
    for (String path : paths) {
      Api.Text reply = api.raw("GET", path);
      assertEquals(path, 404, reply.status());
      assertEquals(path, "application/json; charset=utf-8", reply.headers().get("content-type"));
      assertFalse(path, reply.body().contains("root:"));
    }
  }

  private static JsonNode find(JsonNode parameters, String name) {
    for (JsonNode p : parameters) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("parameter " + name + " not documented");
  }
}
