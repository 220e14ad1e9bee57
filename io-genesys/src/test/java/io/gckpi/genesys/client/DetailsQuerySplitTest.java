package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@link GenesysClient#queryAllDetails} against a loopback detail query that behaves as DESIGN
 * section 3 says: it answers with every conversation started on a UTC day the interval touches,
 * pages by pageNumber and reports totalHits. Four days of conversations, one every 90 minutes.
 */
public class DetailsQuerySplitTest {
  private static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");
  private final ObjectMapper mapper = new ObjectMapper();
  private final List<Instant> starts = new ArrayList<>();
  private final AtomicInteger queries = new AtomicInteger();
  private HttpServer server;

  @Before
  public void start() throws IOException {
    for (Instant t = DAY0;
        t.isBefore(DAY0.plus(Duration.ofDays(4)));
        t = t.plus(90, ChronoUnit.MINUTES)) {
      starts.add(t);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/oauth/token", e -> send(e, "{\"access_token\":\"t\",\"expires_in\":3600}"));
    server.createContext("/api/v2/analytics/conversations/details/query", this::query);
    server.start();
  }

  @After
  public void stop() {
    server.stop(0);
  }

  private void query(HttpExchange exchange) throws IOException {
    queries.incrementAndGet();
    JsonNode body = mapper.readTree(exchange.getRequestBody());
    Interval interval = Interval.parse(body.path("interval").asText());
    int pageSize = body.path("paging").path("pageSize").asInt();
    int pageNumber = body.path("paging").path("pageNumber").asInt();
    Instant firstDay = interval.start().truncatedTo(ChronoUnit.DAYS);
    Instant afterLastDay =
        interval.end().minusMillis(1).truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    List<Instant> hits =
        starts.stream()
            .filter(t -> !t.isBefore(firstDay) && t.isBefore(afterLastDay))
            .collect(Collectors.toList());
    String conversations =
        hits.stream()
            .skip((long) (pageNumber - 1) * pageSize)
            .limit(pageSize)
            .map(
                t ->
                    "{\"conversationId\":\"c-"
                        + t.toEpochMilli()
                        + "\",\"conversationStart\":\""
                        + t
                        + "\"}")
            .collect(Collectors.joining(","));
    send(exchange, "{\"conversations\":[" + conversations + "],\"totalHits\":" + hits.size() + "}");
  }

  private static void send(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("ININ-Correlation-Id", "q-corr");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private GenesysClient client() {
    FakeClock clock = new FakeClock(0);
    return GenesysClient.create(
        ConnectionSettings.forBaseUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .withCredentials("id", "secret"),
        ClientListener.NONE,
        clock,
        new RateLimiter(60_000, 100, clock),
        new Backoff(500, 30_000, b -> b));
  }

  private Set<String> expectedIds(Interval interval) {
    return starts.stream()
        .filter(interval::contains)
        .map(t -> "c-" + t.toEpochMilli())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(List<FetchedConversation> conversations) {
    return conversations.stream()
        .map(FetchedConversation::conversationId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  public void pagesAndFiltersToTheIntervalWhenUnderTheCap() {
    Interval interval = Interval.parse("2024-03-01T06:00:00Z/2024-03-02T12:00:00Z");
    try (GenesysClient client = client()) {
      List<FetchedConversation> all = client.queryAllDetails(DetailsQuery.of(interval), 7);
      // 16 a day: 12 on day 1 from 06:00 (06:00 .. 22:30), 8 on day 2 before 12:00 (00:00 ..
      // 10:30).
      assertEquals(20, all.size());
      assertEquals(expectedIds(interval), ids(all));
      assertEquals(all.size(), ids(all).size());
      assertEquals("ceil(32 / 7) pages", 5, queries.get());
    }
  }

  @Test
  public void splitsAtMidnightWhenTotalHitsReachesTheCap() {
    Interval interval = Interval.parse("2024-03-01T00:00:00Z/2024-03-05T00:00:00Z");
    try (GenesysClient client = client()) {
      // 64 hits over 4 days, cap 20: split into days of 16 hits each.
      List<FetchedConversation> all = client.queryAllDetails(DetailsQuery.of(interval), 10, 20);
      assertEquals(64, all.size());
      assertEquals(expectedIds(interval), ids(all));
      // 1 (4 days) + 2 (2-day halves, still over) + 4 days x 2 pages each.
      assertEquals(11, queries.get());
    }
  }

  @Test
  public void aSingleDayOverTheCapIsAClearErrorNotEndlessSplitting() {
    Interval interval = Interval.parse("2024-03-02T00:00:00Z/2024-03-03T00:00:00Z");
    try (GenesysClient client = client()) {
      GenesysApiException e =
          assertThrows(
              GenesysApiException.class,
              () -> client.queryAllDetails(DetailsQuery.of(interval), 10, 16));
      assertTrue(e.getMessage(), e.getMessage().contains("cannot be split further"));
      assertTrue(e.getMessage(), e.getMessage().contains("q-corr"));
      assertEquals("the day, then its first half, which did not narrow", 2, queries.get());
    }
  }

  @Test
  public void splitPointIsTheMidnightNearestTheMiddle() {
    assertEquals(
        Instant.parse("2024-03-03T00:00:00Z"),
        GenesysClient.splitPoint(Interval.parse("2024-03-01T00:00:00Z/2024-03-05T00:00:00Z")));
    assertEquals(
        Instant.parse("2024-03-02T00:00:00Z"),
        GenesysClient.splitPoint(Interval.parse("2024-03-01T20:00:00Z/2024-03-02T01:00:00Z")));
    assertEquals(
        Instant.parse("2024-03-01T06:00:00Z"),
        GenesysClient.splitPoint(Interval.parse("2024-03-01T00:00:00Z/2024-03-01T12:00:00Z")));
    assertNull(
        GenesysClient.splitPoint(
            new Interval(
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-01T00:00:00.001Z"))));
  }
}
