package io.gckpi.genesys.testing;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.Interval;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Serves a 50,000-conversation day through one detail job within the test heap. */
@RunWith(JUnit4.class)
public class GenesysEmulatorLoadIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  public void servesFiftyThousandConversationsThroughOneJob() throws Exception {
    try (GenesysEmulator emulator =
        GenesysEmulator.builder()
            .config(EmulatorConfig.builder().setConversationsPerDay(50_000).build())
            .jobDelay(Duration.ofMillis(50))
            .rateLimitPerMinute(0)
            .start()) {
      HttpClient http = HttpClient.newHttpClient();
      String basic = Base64.getEncoder().encodeToString(
          (GenesysEmulator.DEMO_CLIENT_ID + ":" + GenesysEmulator.DEMO_CLIENT_SECRET)
              .getBytes(StandardCharsets.UTF_8));
      String token = MAPPER.readTree(http.send(
          HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/oauth/token"))
              .header("Authorization", "Basic " + basic)
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
      Interval day = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");
      String jobs = emulator.baseUrl() + "/api/v2/analytics/conversations/details/jobs";
      String jobId = MAPPER.readTree(http.send(
          HttpRequest.newBuilder(URI.create(jobs)).header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString("{\"interval\":\"" + day + "\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString()).body()).get("jobId").asText();
      Thread.sleep(100);
      long count = 0;
      String cursor = null;
      do {
        HttpResponse<InputStream> r = http.send(
            HttpRequest.newBuilder(URI.create(jobs + "/" + jobId + "/results?pageSize=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor)))
                .header("Authorization", "Bearer " + token).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        cursor = null;
        try (JsonParser p = MAPPER.getFactory().createParser(r.body())) {
          int depth = 0;
          JsonToken t;
          while ((t = p.nextToken()) != null) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
              depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
              depth--;
            } else if (t == JsonToken.FIELD_NAME && depth == 3
                && p.getCurrentName().equals("conversationId")) {
              count++;
            } else if (t == JsonToken.FIELD_NAME && depth == 1
                && p.getCurrentName().equals("cursor")) {
              p.nextToken();
              cursor = p.getText();
            }
          }
        }
      } while (cursor != null);
      long expected = emulator.dataset().idsOverlapping(day).size();
      long missingIds = emulator.dataset().groundTruth().stream()
          .filter(t -> "MISSING_CONVERSATION_ID".equals(t.expectedMalformedReason())
              && SyntheticDataset.overlaps(t, day))
          .count();
      assertEquals(expected - missingIds, count);
    }
  }
}
