package io.gckpi.genesys.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.Interval;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Talks to the emulator with the JDK's HttpClient, never the project's client. */
@RunWith(JUnit4.class)
public class GenesysEmulatorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Interval DAY1 = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");

  private static GenesysEmulator emulator;
  private static String token;

  @BeforeClass
  public static void startEmulator() throws Exception {
    emulator =
        GenesysEmulator.builder()
            .config(EmulatorConfig.builder().setConversationsPerDay(400).setDays(2).build())
            .jobDelay(Duration.ofMillis(200))
            .rateLimitPerMinute(0)
            .queryResultCap(1000)
            .start();
    token = token(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET);
  }

  @AfterClass
  public static void stopEmulator() {
    emulator.close();
  }

  @After
  public void clearFaults() {
    emulator.setFaults(Faults.none());
  }

  private static HttpResponse<String> tokenResponse(String id, String secret) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/oauth/token"))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String id, String secret) throws Exception {
    HttpResponse<String> r = tokenResponse(id, secret);
    assertEquals(r.body(), 200, r.statusCode());
    return MAPPER.readTree(r.body()).get("access_token").asText();
  }

  private static HttpResponse<String> call(String method, String path, String body, String bearer)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> call(String method, String path, String body)
      throws Exception {
    return call(method, path, body, token);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return MAPPER.readTree(r.body());
  }

  private static String submit(Interval iv) throws Exception {
    HttpResponse<String> r =
        call("POST", "/api/v2/analytics/conversations/details/jobs",
            "{\"interval\":\"" + iv + "\",\"order\":\"asc\",\"orderBy\":\"conversationStart\"}");
    assertEquals(r.body(), 202, r.statusCode());
    return json(r).get("jobId").asText();
  }

  private static void awaitFulfilled(String jobId) throws Exception {
    for (int i = 0; i < 100; i++) {
      String state =
          json(call("GET", "/api/v2/analytics/conversations/details/jobs/" + jobId, null))
              .get("state").asText();
      if (state.equals("FULFILLED")) {
        return;
      }
      Thread.sleep(20);
    }
    fail("job " + jobId + " never fulfilled");
  }

  /** Reads every page; returns ids in order and counts pages. */
  private static List<String> readAll(String jobId, int pageSize, List<Integer> pageSizes)
      throws Exception {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/api/v2/analytics/conversations/details/jobs/" + jobId
          + "/results?pageSize=" + pageSize + (cursor == null ? "" : "&cursor=" + cursor);
      HttpResponse<String> r = call("GET", path, null);
      assertEquals(r.body(), 200, r.statusCode());
      JsonNode page = json(r);
      assertTrue(page.has("dataAvailabilityDate"));
      for (JsonNode c : page.get("conversations")) {
        ids.add(c.path("conversationId").asText("<missing>"));
      }
      pageSizes.add(page.get("conversations").size());
      cursor = page.has("cursor") ? page.get("cursor").asText() : null;
    } while (cursor != null);
    return ids;
  }

  /** Lifetime overlap worked out here, independently of the emulator's own filter. */
  private static Set<String> expectedJobIds(Interval iv) {
    Set<String> ids = new HashSet<>();
    for (GroundTruth t : emulator.dataset().groundTruth()) {
      Long end = t.conversationEndMs();
      boolean startsBeforeEnd = t.conversationStartMs() < iv.end().toEpochMilli();
      boolean endsAfterStart = end == null || end >= iv.start().toEpochMilli();
      if (startsBeforeEnd && endsAfterStart) {
        ids.add(t.expectedMalformedReason() != null
            && t.expectedMalformedReason().equals("MISSING_CONVERSATION_ID")
            ? "<missing>" + t.conversationId() : t.conversationId());
      }
    }
    return ids;
  }

  private static Set<String> normalise(List<String> ids, Set<String> expected) {
    // Records deliberately missing their id come back as "<missing>"; match them by count.
    Set<String> out = new HashSet<>();
    List<String> missing = new ArrayList<>();
    expected.stream().filter(s -> s.startsWith("<missing>")).sorted().forEach(missing::add);
    int m = 0;
    for (String id : ids) {
      out.add(id.equals("<missing>") && m < missing.size() ? missing.get(m++) : id);
    }
    return out;
  }

  /** Something to run against another emulator through the same helpers. */
  private interface Body {
    void run() throws Exception;
  }

  private static final EmulatorConfig TINY =
      EmulatorConfig.builder().setConversationsPerDay(5).build();

  private static void against(GenesysEmulator.Builder other, Body body) throws Exception {
    GenesysEmulator saved = emulator;
    String savedToken = token;
    try (GenesysEmulator started = other.start()) {
      emulator = started;
      token = token(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET);
      body.run();
    } finally {
      emulator = saved;
      token = savedToken;
    }
  }

  @Test
  public void tokenIsIssuedAndWrongSecretIsRefused() throws Exception {
    HttpResponse<String> bad = tokenResponse(GenesysEmulator.DEMO_CLIENT_ID, "nope");
    assertEquals(401, bad.statusCode());
    assertEquals("invalid_client", json(bad).get("error").asText());
    HttpResponse<String> ok = tokenResponse(GenesysEmulator.DEMO_CLIENT_ID,
        GenesysEmulator.DEMO_CLIENT_SECRET);
    assertEquals(3600, json(ok).get("expires_in").asInt());
    assertEquals(401, call("GET", "/api/v2/routing/queues", null, "not-a-token").statusCode());
  }

  @Test
  public void tokenExpires() throws Exception {
    // The lifetime leaves a loaded machine time for the first call, made before it ends.
    against(GenesysEmulator.builder().config(TINY).tokenTtl(Duration.ofSeconds(2)), () -> {
      String t = token(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET);
      assertEquals(200, call("GET", "/api/v2/routing/queues", null, t).statusCode());
      Thread.sleep(2_100);
      assertEquals(401, call("GET", "/api/v2/routing/queues", null, t).statusCode());
    });
  }

  @Test
  public void jobGoesThroughItsStatesAndPagesCoverTheLifetimeOverlap() throws Exception {
    Interval iv = Interval.parse("2024-01-15T10:00:00Z/2024-01-15T14:00:00Z");
    String jobId = submit(iv);
    String first =
        json(call("GET", "/api/v2/analytics/conversations/details/jobs/" + jobId, null))
            .get("state").asText();
    assertEquals("QUEUED", first);
    awaitFulfilled(jobId);
    List<Integer> sizes = new ArrayList<>();
    List<String> ids = readAll(jobId, 50, sizes);
    Set<String> expected = expectedJobIds(iv);
    assertThat(expected.size(), greaterThan(100));
    assertEquals(expected.size(), ids.size());
    assertEquals(expected, normalise(ids, expected));
    for (int i = 0; i < sizes.size() - 1; i++) {
      assertEquals(50, (int) sizes.get(i));
    }
    assertEquals(sizes.size(), emulator.stats().pagesServed(jobId));
    assertEquals(204,
        call("DELETE", "/api/v2/analytics/conversations/details/jobs/" + jobId, null)
            .statusCode());
    assertEquals(404,
        call("GET", "/api/v2/analytics/conversations/details/jobs/" + jobId, null).statusCode());
  }

  @Test
  public void queryAnswersWithTheIntervalsOverlapLessEarlierDaysAndRefusesBadPaging()
      throws Exception {
    Interval iv = Interval.parse("2024-01-15T10:00:00Z/2024-01-15T11:00:00Z");
    Interval firstHour = Interval.parse("2024-01-16T00:00:00Z/2024-01-16T01:00:00Z");
    for (Interval asked : List.of(iv, firstHour)) {
      long dayStart = asked.start().truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli();
      Set<String> expected = new TreeSet<>();
      for (String id : emulator.dataset().idsOverlapping(asked)) {
        if (emulator.dataset().truth(id).conversationStartMs() >= dayStart) {
          expected.add(id);
        }
      }
      HttpResponse<String> r = call("POST", "/api/v2/analytics/conversations/details/query",
          "{\"interval\":\"" + asked + "\",\"paging\":{\"pageSize\":100,\"pageNumber\":1}}");
      assertEquals(r.body(), 200, r.statusCode());
      Set<String> ids = new TreeSet<>();
      for (JsonNode c : json(r).path("conversations")) {
        ids.add(c.get("conversationId").asText());
      }
      assertEquals(asked.toString(), expected, ids);
      // totalHits is approximate: the emulator over-states it a little.
      long hits = json(r).get("totalHits").asLong();
      assertTrue(hits + " hits for " + expected.size(),
          hits >= expected.size() && hits <= expected.size() * 1.05 + 1);
    }
    HttpResponse<String> big = call("POST", "/api/v2/analytics/conversations/details/query",
        "{\"interval\":\"" + iv + "\",\"paging\":{\"pageSize\":101,\"pageNumber\":1}}");
    assertEquals(400, big.statusCode());
    assertEquals("bad.request", json(big).get("code").asText());
    HttpResponse<String> past = call("POST", "/api/v2/analytics/conversations/details/query",
        "{\"interval\":\"" + iv + "\",\"paging\":{\"pageSize\":100,\"pageNumber\":11}}");
    assertEquals(400, past.statusCode());
    HttpResponse<String> longInterval = call("POST",
        "/api/v2/analytics/conversations/details/query",
        "{\"interval\":\"2024-01-01T00:00:00Z/2024-02-02T00:00:00Z\"}");
    assertEquals(400, longInterval.statusCode());
    assertThat(json(longInterval).get("message").asText(), containsString("31 days"));
    assertEquals(400, call("POST", "/api/v2/analytics/conversations/details/jobs",
        "{\"interval\":").statusCode());
  }

  @Test
  public void aggregateSumsEqualGroundTruthSums() throws Exception {
    String iv = "2024-01-14T00:00:00Z/2024-01-19T00:00:00Z";
    HttpResponse<String> r = call("POST", "/api/v2/analytics/conversations/aggregates/query",
        "{\"interval\":\"" + iv + "\",\"granularity\":\"PT30M\",\"groupBy\":[\"queueId\","
            + "\"mediaType\"],\"metrics\":[\"tTalkComplete\",\"tAcw\",\"tAcd\",\"nTransferred\","
            + "\"tHandle\",\"nOffered\",\"oServiceLevel\"]}");
    assertEquals(r.body(), 200, r.statusCode());
    long talk = 0;
    long acw = 0;
    long acd = 0;
    long transferred = 0;
    long handle = 0;
    long offered = 0;
    for (JsonNode group : json(r).get("results")) {
      for (JsonNode bucket : group.get("data")) {
        Interval b = Interval.parse(bucket.get("interval").asText());
        assertEquals(Duration.ofMinutes(30), b.duration());
        for (JsonNode m : bucket.get("metrics")) {
          long sum = m.path("stats").path("sum").asLong();
          switch (m.get("metric").asText()) {
            case "tTalkComplete" -> talk += sum;
            case "tAcw" -> acw += sum;
            case "tAcd" -> acd += sum;
            case "nTransferred" -> transferred += sum;
            case "tHandle" -> handle += sum;
            case "nOffered" -> offered += sum;
            default -> {}
          }
        }
      }
    }
    long tTalk = 0;
    long tAcw = 0;
    long tWait = 0;
    long tTransfers = 0;
    long tHandle = 0;
    long acdLegs = 0;
    // Malformed records count too: Genesys counts every conversation it holds.
    for (GroundTruth t : emulator.dataset().groundTruth()) {
      // One offer per acd session: a second queue or a callback is offered again.
      acdLegs += emulator.dataset().model(t.conversationId()).getParticipants().stream()
          .filter(p -> p.getPurpose().equals("acd"))
          .mapToLong(p -> p.getSessions().size())
          .sum();
      tTalk += t.agentTalkMs();
      tAcw += t.wrapUpMs();
      tTransfers += t.transfers();
      tHandle += t.handleMs();
      if (!t.open()) {
        tWait += t.queueWaitMs();
      }
    }
    assertEquals(tTalk, talk);
    assertEquals(tAcw, acw);
    assertEquals(tWait, acd);
    assertEquals(tTransfers, transferred);
    assertEquals(tHandle, handle);
    assertEquals(acdLegs, offered);
    assertThat(acdLegs, greaterThan((long) emulator.dataset().groundTruth().stream()
        .filter(t -> t.entryQueueId() != null).count()));
  }

  @Test
  public void referenceDataPages() throws Exception {
    Set<String> names = new HashSet<>();
    JsonNode page1 = json(call("GET", "/api/v2/routing/queues?pageSize=4&pageNumber=1", null));
    assertEquals(emulator.dataset().queues().size(), page1.get("total").asInt());
    int pages = page1.get("pageCount").asInt();
    assertEquals((emulator.dataset().queues().size() + 3) / 4, pages);
    for (int p = 1; p <= pages; p++) {
      JsonNode page =
          json(call("GET", "/api/v2/routing/queues?pageSize=4&pageNumber=" + p, null));
      page.get("entities").forEach(e -> names.add(e.get("name").asText()));
    }
    assertTrue(names.containsAll(Set.of("QA_Review", "Training_Simulation", "System_Health")));
    assertEquals(emulator.dataset().queues().size(), names.size());
    JsonNode codes = json(call("GET", "/api/v2/routing/wrapupcodes?pageSize=100", null));
    List<String> codeNames = new ArrayList<>();
    codes.get("entities").forEach(e -> codeNames.add(e.get("name").asText()));
    assertTrue(codeNames.containsAll(
        List.of("Issue Resolved", "Callback Scheduled", "ININ-WRAP-UP-TIMEOUT")));
    JsonNode skills = json(call("GET", "/api/v2/routing/skills", null));
    assertEquals(emulator.dataset().skills().size(), skills.get("total").asInt());
    assertEquals("active", skills.at("/entities/0/state").asText());
    assertEquals("1", skills.at("/entities/0/version").asText());
    assertTrue(skills.at("/entities/0/dateModified").asText().matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
  }

  /**
   * The listing shape of Genesys' entity listings: page links beside pageCount, nextUri absent
   * on the last page, previousUri on the first; each entity with its division.
   */
  @Test
  public void referenceListingsLinkTheirPagesAndNameTheDivision() throws Exception {
    JsonNode first = json(call("GET", "/api/v2/routing/queues?pageSize=4", null));
    assertEquals("/api/v2/routing/queues?pageSize=4&pageNumber=2", first.get("nextUri").asText());
    assertFalse(first.has("previousUri"));
    assertEquals("/api/v2/routing/queues?pageSize=4&pageNumber=3", first.get("lastUri").asText());
    JsonNode last = json(call("GET", first.get("lastUri").asText(), null));
    assertFalse(last.has("nextUri"));
    assertEquals("/api/v2/routing/queues?pageSize=4&pageNumber=2",
        last.get("previousUri").asText());
    JsonNode queue = first.at("/entities/0");
    assertEquals("Home", queue.at("/division/name").asText());
    assertEquals("/api/v2/authorization/divisions/" + queue.at("/division/id").asText(),
        queue.at("/division/selfUri").asText());
    assertEquals("/api/v2/routing/queues/" + queue.get("id").asText(),
        queue.get("selfUri").asText());
    assertFalse("Genesys lists no state for a queue", queue.has("state"));
  }

  /** GET /api/v2/users lists active users unless asked for another state. */
  @Test
  public void usersAreActiveOnlyUnlessAskedForTheirState() throws Exception {
    List<String> inactive = emulator.dataset().users().stream()
        .filter(u -> "inactive".equals(u.state())).map(u -> u.id()).toList();
    assertEquals(4, inactive.size());
    int all = emulator.dataset().users().size();
    assertEquals(all - inactive.size(),
        json(call("GET", "/api/v2/users?pageSize=1", null)).get("total").asInt());
    JsonNode any = json(call("GET", "/api/v2/users?pageSize=500&state=any", null));
    assertEquals(all, any.get("total").asInt());
    assertEquals("/api/v2/users?pageSize=500&state=any&pageNumber=1",
        any.get("selfUri").asText());
    JsonNode left = json(call("GET", "/api/v2/users?state=inactive", null));
    List<String> listed = new ArrayList<>();
    left.get("entities").forEach(u -> listed.add(u.get("id").asText()));
    assertEquals(inactive, listed);
    assertEquals("agent.57@example.com", left.at("/entities/0/email").asText());
    assertEquals(400, call("GET", "/api/v2/users?state=gone", null).statusCode());
  }

  @Test
  public void tooManyRequestsCarriesRetryAfterAndGenesysBody() throws Exception {
    emulator.setFaults(Faults.parse("429=1,retry-after=3600"));
    HttpResponse<String> r = call("GET", "/api/v2/routing/queues", null);
    assertEquals(429, r.statusCode());
    assertEquals("3600", r.headers().firstValue("Retry-After").orElseThrow());
    assertEquals("too.many.requests", json(r).get("code").asText());
    assertTrue(r.headers().firstValue("ININ-Correlation-Id").isPresent());
    assertTrue(r.headers().firstValue("inin-ratelimit-count").isPresent());
  }

  @Test
  public void perTokenRateLimitAnswers429PastTheLimit() throws Exception {
    against(GenesysEmulator.builder().config(TINY).rateLimitPerMinute(3), () -> {
      String t = token(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET);
      for (int i = 1; i <= 3; i++) {
        HttpResponse<String> r = call("GET", "/api/v2/routing/queues", null, t);
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(i), r.headers().firstValue("inin-ratelimit-count").get());
        assertEquals("3", r.headers().firstValue("inin-ratelimit-allowed").get());
      }
      HttpResponse<String> over = call("GET", "/api/v2/routing/queues", null, t);
      assertEquals(429, over.statusCode());
      assertThat(json(over).get("message").asText(), containsString("[3] requests"));
      assertTrue(over.headers().firstValue("Retry-After").isPresent());
    });
  }

  /**
   * A day of 60 conversations (none malformed or closing late) fetched twice by a detail query
   * from an emulator with {@code faults}: the first fetch of each and the second, in the same
   * order, for {@code check}.
   */
  private static void fetchedTwice(String faults, FetchedTwice check) throws Exception {
    GenesysEmulator.Builder twice = GenesysEmulator.builder()
        .config(EmulatorConfig.builder().setConversationsPerDay(60).setMalformedShare(0)
            .setClosesLateShare(0).build())
        .faults(Faults.parse(faults))
        .rateLimitPerMinute(0);
    against(twice, () -> {
      String body = "{\"interval\":\"" + DAY1 + "\",\"paging\":{\"pageSize\":100}}";
      JsonNode first = json(call("POST", "/api/v2/analytics/conversations/details/query", body,
          token(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET)));
      JsonNode second = json(call("POST", "/api/v2/analytics/conversations/details/query", body,
          token(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET)));
      check.check(first.get("conversations"), second.get("conversations"));
    });
  }

  private interface FetchedTwice {
    void check(JsonNode first, JsonNode second) throws Exception;
  }

  @Test
  public void changingFaultShowsAnotherWrapUpCodeOnTheFirstFetchOnly() throws Exception {
    fetchedTwice("changing", (first, second) -> {
      int changed = 0;
      for (int i = 0; i < first.size(); i++) {
        String id = first.get(i).get("conversationId").asText();
        String code = emulator.dataset().truth(id).wrapUpCode();
        assertEquals(MAPPER.readTree(emulator.dataset().rawConversation(id)), second.get(i));
        if (code != null) {
          assertFalse(first.get(i).toString().contains(code));
          changed++;
        }
      }
      assertThat(changed, greaterThan(10));
    });
  }

  /**
   * resegment: a first fetch shows the handler's talk in two interact segments and the caller
   * without its last segment; the next fetch is the final record, with the same talk in total.
   */
  @Test
  public void resegmentFaultShowsOtherSegmentsOnTheFirstFetchOnly() throws Exception {
    fetchedTwice("resegment", (first, second) -> {
      int changed = 0;
      for (int i = 0; i < first.size(); i++) {
        JsonNode firstFetch = first.get(i);
        String id = firstFetch.get("conversationId").asText();
        JsonNode finalRecord = MAPPER.readTree(emulator.dataset().rawConversation(id));
        assertEquals(finalRecord, second.get(i));
        String resegmented = ConversationChanges.resegmented(finalRecord.toString());
        if (resegmented == null) {
          assertEquals(finalRecord, firstFetch);
          continue;
        }
        assertEquals(MAPPER.readTree(resegmented), firstFetch);
        assertEquals(segments(finalRecord), segments(firstFetch));
        assertEquals(talkMs(finalRecord), talkMs(firstFetch));
        changed++;
      }
      assertThat(changed, greaterThan(20));
    });
  }

  private static int segments(JsonNode conversation) {
    int n = 0;
    for (JsonNode participant : conversation.path("participants")) {
      for (JsonNode session : participant.path("sessions")) {
        n += session.path("segments").size();
      }
    }
    return n;
  }

  /** Handler interact time, which a resegmented first fetch splits but keeps. */
  private static long talkMs(JsonNode conversation) {
    long talk = 0;
    for (JsonNode participant : conversation.path("participants")) {
      if (!Set.of("agent", "user").contains(participant.path("purpose").asText())) {
        continue;
      }
      for (JsonNode session : participant.path("sessions")) {
        for (JsonNode segment : session.path("segments")) {
          if ("interact".equals(segment.path("segmentType").asText())
              && segment.hasNonNull("segmentEnd")) {
            talk += java.time.Instant.parse(segment.get("segmentEnd").asText()).toEpochMilli()
                - java.time.Instant.parse(segment.get("segmentStart").asText()).toEpochMilli();
          }
        }
      }
    }
    return talk;
  }

  @Test
  public void stormAnswers503AndServerErrorsCycleThrough5xx() throws Exception {
    emulator.setFaults(Faults.parse("storm"));
    for (int i = 0; i < 3; i++) {
      assertEquals(503, call("GET", "/api/v2/routing/queues", null).statusCode());
    }
    emulator.setFaults(Faults.parse("5xx=1"));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      seen.add(call("GET", "/api/v2/routing/queues", null).statusCode());
    }
    assertEquals(Set.of(500, 502, 503, 504), seen);
    emulator.setFaults(Faults.none());
    assertEquals(200, call("GET", "/api/v2/routing/queues", null).statusCode());
  }

  /** Sets the faults, runs a DAY1 job to FULFILLED and returns its results path. */
  private static String fulfilledResultsUnder(String faults) throws Exception {
    emulator.setFaults(Faults.parse(faults));
    String jobId = submit(DAY1);
    awaitFulfilled(jobId);
    return "/api/v2/analytics/conversations/details/jobs/" + jobId + "/results";
  }

  @Test
  public void expiredCursorIsRefusedWith400() throws Exception {
    String results = fulfilledResultsUnder("expire-cursor=0");
    String path = results + "?pageSize=10";
    String cursor = json(call("GET", path, null)).get("cursor").asText();
    Thread.sleep(1100);
    HttpResponse<String> r = call("GET", path + "&cursor=" + cursor, null);
    assertEquals(400, r.statusCode());
    assertThat(json(r).get("message").asText(), containsString("expired"));
  }

  @Test
  public void truncatedPageIsNotValidJsonAndARetryIs() throws Exception {
    String results = fulfilledResultsUnder("truncate");
    String path = results;
    HttpResponse<String> cut = call("GET", path, null);
    assertEquals(200, cut.statusCode());
    try {
      MAPPER.readTree(cut.body());
      fail("truncated page parsed");
    } catch (IOException expected) {
      // the point of the fault
    }
    assertNotNull(json(call("GET", path, null)).get("conversations"));
  }

  @Test
  public void droppedPageLosesExactlyOnePage() throws Exception {
    emulator.setFaults(Faults.parse("drop-page=2"));
    String jobId = submit(DAY1);
    awaitFulfilled(jobId);
    List<String> ids = readAll(jobId, 25, new ArrayList<>());
    Set<String> expected = expectedJobIds(DAY1);
    assertEquals(expected.size() - 25, ids.size());
  }

  @Test
  public void resetClosesTheConnection() throws Exception {
    emulator.setFaults(Faults.parse("reset=1"));
    try {
      call("GET", "/api/v2/routing/queues", null);
      fail("expected the connection to be closed");
    } catch (IOException expected) {
      assertThat(emulator.stats().resets(), greaterThan(0L));
    }
  }

  @Test
  public void failWindowAlwaysFailsWhileOtherWindowsComplete() throws Exception {
    emulator.setFaults(Faults.parse("fail-window=2024-01-15T12:00:00Z/2024-01-15T13:00:00Z"));
    String body = "{\"interval\":\"2024-01-15T12:30:00Z/2024-01-15T14:00:00Z\"}";
    for (int i = 0; i < 3; i++) {
      assertEquals(500,
          call("POST", "/api/v2/analytics/conversations/details/jobs", body).statusCode());
    }
    submit(Interval.parse("2024-01-15T14:00:00Z/2024-01-15T15:00:00Z"));
  }

  @Test
  public void failPageOnceFailsTheFirstRequestOnly() throws Exception {
    String results = fulfilledResultsUnder("fail-page-once=0");
    String path = results;
    assertEquals(503, call("GET", path, null).statusCode());
    assertEquals(200, call("GET", path, null).statusCode());
  }

  @Test
  public void missingPermissionIsNamedIn403() throws Exception {
    emulator.registerClient("no-details", "s", Set.of(GenesysEmulator.PERM_QUEUES));
    String t = token("no-details", "s");
    HttpResponse<String> r = call("POST", "/api/v2/analytics/conversations/details/jobs",
        "{\"interval\":\"" + DAY1 + "\"}", t);
    assertEquals(403, r.statusCode());
    assertThat(r.body(), containsString("analytics:conversationDetail:view"));
    assertEquals(200, call("GET", "/api/v2/routing/queues", null, t).statusCode());
  }

  @Test
  public void jobFailedFaultEndsTheJobFailed() throws Exception {
    emulator.setFaults(Faults.parse("job-failed"));
    String jobId = submit(DAY1);
    Thread.sleep(250);
    JsonNode status =
        json(call("GET", "/api/v2/analytics/conversations/details/jobs/" + jobId, null));
    assertEquals("FAILED", status.get("state").asText());
    assertFalse(status.get("errorMessage").asText().isEmpty());
  }

  @Test
  public void jobOverTheResultCapEndsFailedAndExpiredJobsSayExpired() throws Exception {
    against(GenesysEmulator.builder().config(SMALL_FOR_CAPS).jobResultCap(10)
        .jobDelay(Duration.ofMillis(10)), () -> {
      String jobId = submit(DAY1);
      Thread.sleep(50);
      JsonNode status =
          json(call("GET", "/api/v2/analytics/conversations/details/jobs/" + jobId, null));
      assertEquals("FAILED", status.get("state").asText());
      assertThat(status.get("errorMessage").asText(), containsString("exceeds the limit of 10"));
    });
    String results = fulfilledResultsUnder("job-expired");
    assertEquals(200, call("GET", results, null).statusCode());
    String statusPath = results.substring(0, results.length() - "/results".length());
    assertEquals("EXPIRED", json(call("GET", statusPath, null)).get("state").asText());
    assertEquals(400, call("GET", results, null).statusCode());
  }

  private static final EmulatorConfig SMALL_FOR_CAPS =
      EmulatorConfig.builder().setConversationsPerDay(40).build();

  @Test
  public void closesLateConversationIsOpenOnFirstFetchAndClosedLater() throws Exception {
    GroundTruth late = emulator.dataset().groundTruth().stream()
        .filter(t -> t.closesLate() && t.conversationStartMs() >= DAY1.end().toEpochMilli())
        .findFirst().orElseThrow();
    Instant start = Instant.ofEpochMilli(late.conversationStartMs());
    Interval iv = new Interval(start, start.plusMillis(1));
    List<Boolean> open = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String jobId = submit(iv);
      awaitFulfilled(jobId);
      JsonNode page = json(call("GET", "/api/v2/analytics/conversations/details/jobs/" + jobId
          + "/results?pageSize=10000", null));
      for (JsonNode c : page.get("conversations")) {
        if (c.path("conversationId").asText().equals(late.conversationId())) {
          open.add(!c.has("conversationEnd"));
        }
      }
    }
    assertEquals(List.of(true, false), open);
  }

  // ------------------------------------------- the counters a test in another process reads

  private static JsonNode stats() throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + GenesysEmulator.STATS)).GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(r.body(), 200, r.statusCode());
    return json(r);
  }

  @Test
  public void statsCountEveryTokensRequestsAndItsBusiestMinute() throws Exception {
    against(GenesysEmulator.builder().config(TINY).rateLimitPerMinute(5), () -> {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        statuses.add(call("GET", "/api/v2/routing/queues", null).statusCode());
      }
      // 5 a minute: the 6th and 7th are refused, and still count as requests of the token.
      assertEquals(List.of(200, 200, 200, 200, 200, 429, 429), statuses);
      String second = token(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET);
      call("GET", "/api/v2/routing/queues", null, second);

      JsonNode stats = stats();
      assertEquals(5, stats.get("rateLimitPerMinute").asInt());
      assertEquals(2, stats.get("tooManyRequestsSent").asLong());
      assertEquals(2, stats.get("tokensIssued").asLong());
      JsonNode tokens = stats.get("tokens");
      assertEquals(2, tokens.size());
      assertEquals(7, tokens.get(0).get("requests").asLong());
      assertEquals(7, tokens.get(0).get("busiestMinute").asInt());
      assertEquals(GenesysEmulator.DEMO_CLIENT_ID, tokens.get(0).get("clientId").asText());
      assertEquals(1, tokens.get(1).get("busiestMinute").asInt());
      assertTrue(tokens.get(0).get("lastRequestMs").asLong()
          >= tokens.get(0).get("firstRequestMs").asLong());
      // Asking for the counters is no API request.
      assertEquals(stats.get("requests").asLong(), stats().get("requests").asLong());
    });
  }

  @Test
  public void theBusiestMinuteSlidesAcrossTheRateLimitMinutes() {
    EmulatorStats.TokenUse use = new EmulatorStats.TokenUse("t", "c");
    // 3 at the end of one minute and 3 at the start of the next: 6 within 60 s.
    for (long ms : new long[] {50_000, 55_000, 59_000, 61_000, 62_000, 63_000, 200_000}) {
      use.count(ms);
    }
    assertEquals(6, use.busiestMinute());
    assertEquals(7, use.requests());
    assertEquals(50_000, use.firstRequestMs());
    assertEquals(200_000, use.lastRequestMs());
  }

  @Test
  public void statsCountResultPagesOverEveryJob() throws Exception {
    EmulatorConfig config = EmulatorConfig.builder().setConversationsPerDay(300).build();
    against(GenesysEmulator.builder().config(config).rateLimitPerMinute(0), () -> {
      List<Integer> pagesPerJob = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String jobId = submit(DAY1);
        awaitFulfilled(jobId);
        List<Integer> pageSizes = new ArrayList<>();
        readAll(jobId, 100, pageSizes);
        pagesPerJob.add(pageSizes.size());
      }
      assertEquals(pagesPerJob.get(0), pagesPerJob.get(1));
      assertThat(pagesPerJob.get(0), greaterThan(2));
      assertEquals(2L * pagesPerJob.get(0), stats().get("resultPagesServed").asLong());
    });
  }

  @Test
  public void aSettledEmulatorServesTheFinalVersionFromTheFirstRead() throws Exception {
    EmulatorConfig config = EmulatorConfig.builder().setConversationsPerDay(300).build();
    for (boolean settled : new boolean[] {false, true}) {
      against(GenesysEmulator.builder().config(config).rateLimitPerMinute(0).settled(settled),
          () -> {
            GroundTruth late = emulator.dataset().groundTruth().stream()
                .filter(GroundTruth::closesLate).findFirst().orElseThrow();
            Instant start = Instant.ofEpochMilli(late.conversationStartMs());
            String jobId = submit(new Interval(start, start.plusMillis(1)));
            awaitFulfilled(jobId);
            JsonNode page = json(call("GET", "/api/v2/analytics/conversations/details/jobs/"
                + jobId + "/results?pageSize=100", null));
            Boolean open = null;
            for (JsonNode c : page.get("conversations")) {
              if (c.path("conversationId").asText().equals(late.conversationId())) {
                open = !c.has("conversationEnd");
              }
            }
            assertEquals("the first read of " + late.conversationId() + ", settled " + settled
                + ", is open", !settled, open);
          });
    }
  }

  @Test
  public void aRunningClockStartsAtItsFirstReadAndRunsFasterThanRealTime() throws Exception {
    Instant start = Instant.parse("2024-01-15T00:00:00Z");
    SettableClock clock = SettableClock.running(start, 3600);
    Thread.sleep(300);
    // Standing still until read: the first reading is the start.
    assertEquals(start, clock.instant());
    Thread.sleep(200);
    // 200 ms of real time are 12 minutes of the clock's (more on a slow machine).
    assertTrue(clock.instant().toString(),
        !clock.instant().isBefore(start.plus(Duration.ofMinutes(12))));
    clock.advance(Duration.ofHours(1));
    assertTrue(!clock.instant().isBefore(start.plus(Duration.ofMinutes(72))));
  }
}
