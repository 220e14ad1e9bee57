package io.gckpi.pipeline.influx;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.gckpi.genesys.client.Backoff;
import io.gckpi.pipeline.influx.InfluxWriter.InfluxWriteException;
import io.gckpi.pipeline.testing.RecordingHttpServer;
import io.gckpi.pipeline.testing.RecordingHttpServer.Answer;
import io.gckpi.pipeline.testing.RecordingHttpServer.Request;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * What the writer sends and how it handles InfluxDB's answers: retries on 429, 5xx and I/O errors
 * after Retry-After or a capped exponential backoff, and InfluxDB's own message when it refuses.
 * The server is a recording HTTP server on loopback that answers as InfluxDB does; the real
 * InfluxDB 1.x server is in {@link WriteInfluxLineProtocolIT}.
 */
@RunWith(JUnit4.class)
public class InfluxWriterTest {
  private static final List<String> LINES =
      List.of(
          "analytics_metrics,skill=a avg_handle_time=1.5,conversation_count=2i 1705309200",
          "analytics_metrics,skill=b avg_handle_time=3.0,conversation_count=1i 1705309200");
  private static final String BODY = String.join("\n", LINES) + "\n";

  @Rule public final RecordingHttpServer server = new RecordingHttpServer();

  private final List<Long> sleeps = new ArrayList<>();

  private InfluxWriter writer(InfluxSettings settings) {
    // The backoff's "random" draw is its ceiling, so the sleeps are exact: 100, 200, 400, ... ms.
    return new InfluxWriter(settings, new Backoff(100, 1_000, bound -> bound), sleeps::add);
  }

  private InfluxSettings v1() {
    return InfluxSettings.v1(server.url(), "kpi", null, null, null)
        .withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));
  }

  @Test
  public void version1PostsTheLinesToWriteWithTheDatabaseAndPrecision() {
    writer(InfluxSettings.v1(server.url(), "kpi", "autogen", "writer", "pw")).write(LINES);
    Request request = server.requests().get(0);
    assertEquals("POST", request.method());
    assertEquals("/write?db=kpi&rp=autogen&precision=s", request.pathAndQuery());
    assertEquals("Basic d3JpdGVyOnB3", request.header("Authorization"));
    assertEquals("text/plain; charset=utf-8", request.header("Content-Type"));
    assertEquals(BODY, request.body());
  }

  @Test
  public void version2PostsToApiV2WriteWithAToken() {
    writer(InfluxSettings.v2(server.url(), "acme", "kpi", "t0ken")).write(LINES);
    Request request = server.requests().get(0);
    assertEquals("/api/v2/write?org=acme&bucket=kpi&precision=s", request.pathAndQuery());
    assertEquals("Token t0ken", request.header("Authorization"));
    assertEquals(BODY, request.body());
  }

  @Test
  public void rateLimitsAndServerErrorsAreRetriedAfterRetryAfterOrTheBackoff() {
    server.answer(
        new Answer(429, Map.of("Retry-After", "2"), "{\"code\":\"too many requests\"}"),
        new Answer(503, Map.of(), "{\"error\":\"engine: cache maximum memory size exceeded\"}"),
        new Answer(500, Map.of("Retry-After", "0"), "{\"error\":\"timeout\"}"));
    writer(v1()).write(LINES);
    assertEquals(4, server.requests().size());
    for (Request request : server.requests()) {
      assertEquals(BODY, request.body());
    }
    assertEquals(List.of(2_000L, 200L, 0L), sleeps);
  }

  @Test
  public void aRefusedWriteFailsAtOnceWithInfluxDbsMessage() {
    server.answer(
        new Answer(400, Map.of("X-Influxdb-Error", "unable to parse"),
            "{\"error\":\"unable to parse 'x y': invalid field format\"}"));
    InfluxWriteException e = assertThrows(InfluxWriteException.class, () -> writer(v1()).write(LINES));
    assertEquals(400, e.status());
    assertThat(e.getMessage(), containsString("400 unable to parse 'x y': invalid field format"));
    assertEquals(1, server.requests().size());

    server.answer(
        new Answer(401, Map.of(), "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}"));
    InfluxWriteException v2 =
        assertThrows(InfluxWriteException.class,
            () -> writer(InfluxSettings.v2(server.url(), "o", "b", "bad")).write(LINES));
    assertThat(v2.getMessage(), containsString("401 unauthorized access"));
    assertEquals(List.of(), sleeps);
  }

  @Test
  public void retriesStopAfterTheLastAttemptOrATooLongRetryAfter() {
    server.answer(
        new Answer(503, Map.of(), "{\"error\":\"overloaded\"}"),
        new Answer(503, Map.of(), "{\"error\":\"overloaded\"}"),
        new Answer(503, Map.of(), "{\"error\":\"overloaded\"}"),
        new Answer(503, Map.of(), "{\"error\":\"still overloaded\"}"));
    InfluxWriteException e = assertThrows(InfluxWriteException.class, () -> writer(v1()).write(LINES));
    assertThat(e.getMessage(), containsString("after 4 attempts: 503 still overloaded"));
    assertEquals(List.of(100L, 200L, 400L), sleeps);

    server.answer(new Answer(429, Map.of("Retry-After", "3600"), ""));
    InfluxWriteException quota =
        assertThrows(InfluxWriteException.class, () -> writer(v1()).write(LINES));
    assertThat(quota.getMessage(), containsString("wait 3600 s"));
    assertEquals(5, server.requests().size());
  }

  @Test
  public void connectionErrorsAreRetriedThenReported() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    InfluxSettings settings =
        InfluxSettings.v1("http://127.0.0.1:" + closedPort, "kpi", null, null, null)
            .withRetries(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));
    InfluxWriteException e = assertThrows(InfluxWriteException.class, () -> writer(settings).write(LINES));
    assertEquals(0, e.status());
    assertThat(e.getMessage(), containsString("after 3 attempts"));
    assertEquals(List.of(100L, 200L), sleeps);
  }

  @Test
  public void theLaunchCheckIsAnEmptyWriteOn1xAndAPingOn2x() {
    writer(v1()).check();
    writer(InfluxSettings.v2(server.url(), "o", "b", "t")).check();
    assertEquals("POST", server.requests().get(0).method());
    assertEquals("/write?db=kpi&precision=s", server.requests().get(0).pathAndQuery());
    assertEquals("", server.requests().get(0).body());
    assertEquals("GET", server.requests().get(1).method());
    assertEquals("/ping", server.requests().get(1).pathAndQuery());
  }

  @Test
  public void retryAfterIsSecondsOrAnHttpDate() {
    Instant now = Instant.parse("2024-01-15T09:00:00Z");
    assertEquals(120_000L, InfluxWriter.retryAfterMillis("120", now));
    assertEquals(30_000L, InfluxWriter.retryAfterMillis("Mon, 15 Jan 2024 09:00:30 GMT", now));
    assertEquals(-1L, InfluxWriter.retryAfterMillis("soon", now));
    assertEquals(-1L, InfluxWriter.retryAfterMillis(null, now));
  }
}
