package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import io.gckpi.genesys.client.GenesysApi.JobResultsPage;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.Faults;
import io.gckpi.genesys.testing.GenesysEmulator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The client against the emulator: faults as Genesys shows them, outcomes against its dataset. */
public class GenesysClientEmulatorTest {
  private static final Interval DAY = Interval.parse("2024-03-01T00:00:00Z/2024-03-02T00:00:00Z");

  private GenesysEmulator emulator;
  private final AtomicInteger retries = new AtomicInteger();
  private final List<Long> rateLimited = Collections.synchronizedList(new ArrayList<>());
  private final ClientListener counting =
      new ClientListener() {
        @Override
        public void onRetry(int status, int attempt, long sleepMillis) {
          retries.incrementAndGet();
        }

        @Override
        public void onRateLimited(long retryAfterMillis) {
          rateLimited.add(retryAfterMillis);
        }
      };

  /** A dataset from 2024-03-01, the month every interval in this test is in. */
  private static EmulatorConfig.Builder march(long seed, int days, int perDay) {
    return EmulatorConfig.builder()
        .setSeed(seed)
        .setStartDate(LocalDate.of(2024, 3, 1))
        .setDays(days)
        .setConversationsPerDay(perDay);
  }

  @Before
  public void start() {
    emulator =
        GenesysEmulator.builder()
            .config(march(7, 1, 300).setMalformedShare(0).build())
            .jobDelay(Duration.ofMillis(200))
            .rateLimitPerMinute(100_000)
            .start();
  }

  @After
  public void stop() {
    emulator.close();
  }

  private ConnectionSettings demo() {
    return ConnectionSettings.forBaseUrl(emulator.baseUrl())
        .withCredentials(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET)
        .withJobPollInterval(Duration.ofMillis(100))
        .withRateLimitPerMinute(100_000);
  }

  private Set<String> readJob(GenesysClient client, Interval interval) {
    String jobId = client.submitDetailsJob(DetailsQuery.of(interval));
    assertEquals("FULFILLED", client.awaitDetailsJob(jobId, Duration.ofSeconds(30)).state());
    Set<String> ids = new TreeSet<>();
    String cursor = null;
    do {
      JobResultsPage page = client.getDetailsJobResults(jobId, cursor, 100);
      for (FetchedConversation c : page.conversations()) {
        assertTrue(
            "read twice: " + c.conversationId(), ids.add(String.valueOf(c.conversationId())));
      }
      cursor = page.cursor();
    } while (cursor != null);
    client.deleteDetailsJob(jobId);
    return ids;
  }

  private Set<String> expected(Interval interval) {
    return new TreeSet<>(emulator.dataset().idsOverlapping(interval));
  }

  @Test
  public void jobLifecycleAndCursorPagingReturnExactlyTheOverlappingIds() {
    try (GenesysClient client = GenesysClient.create(demo(), counting)) {
      Set<String> ids = readJob(client, DAY);
      assertEquals(expected(DAY), ids);
      assertTrue(ids.size() > 250);
      assertEquals(0, retries.get());
    }
  }

  @Test
  public void burstsOf429And5xxAndResetsStillGiveTheExactIds() {
    emulator.setFaults(
        Faults.builder()
            .setTooManyRequestsShare(0.2)
            .setRetryAfterSeconds(1)
            .setFailPageOnce(1)
            .setResetShare(0.1)
            .setSeed(3)
            .build());
    try (GenesysClient client = GenesysClient.create(demo().withMaxRetries(10), counting)) {
      Interval half = Interval.parse("2024-03-01T06:00:00Z/2024-03-01T18:00:00Z");
      assertEquals(expected(half), readJob(client, half));
      long sent =
          emulator.stats().tooManyRequestsSent()
              + emulator.stats().serverErrorsSent()
              + emulator.stats().resets();
      assertTrue("connections were reset", emulator.stats().resets() > 0);
      assertTrue("some faults were injected", sent > 1);
      assertEquals("one retry per injected fault", sent, retries.get());
      assertEquals(emulator.stats().tooManyRequestsSent(), rateLimited.size());
    }
  }

  @Test
  public void wrongSecretIsAClearError() {
    try (GenesysClient client =
        GenesysClient.create(
            ConnectionSettings.forBaseUrl(emulator.baseUrl())
                .withCredentials(GenesysEmulator.DEMO_CLIENT_ID, "wrong-secret"),
            counting)) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, client::getDetailsJobsAvailability);
      assertTrue(e.getMessage(), e.getMessage().contains("refused the client credentials"));
      assertFalse(e.getMessage(), e.getMessage().contains("wrong-secret"));
      assertFalse(e.isRetryable());
      assertEquals(0, retries.get());
      assertEquals(0, emulator.stats().tokensIssued());
    }
  }

  /**
   * The reference data through the client's paging (pages of 100 against the emulator's listings)
   * equals the emulator's org field for field, users in every state included; and it names every
   * queue, wrap-up code, skill and agent the served conversations reference.
   */
  @Test
  public void referenceDataIsTheOrgAndNamesEveryIdTheConversationsUse() throws Exception {
    ReferenceData read;
    try (GenesysClient client = GenesysClient.create(demo(), counting)) {
      read = ReferenceData.read(client);
    }
    assertEquals(emulator.dataset().queues(), read.queues());
    assertEquals(emulator.dataset().wrapUpCodes(), read.wrapUpCodes());
    assertEquals(emulator.dataset().skills(), read.skills());
    assertEquals(emulator.dataset().users(), read.users());
    assertTrue(read.users().stream().anyMatch(u -> "inactive".equals(u.state())));

    Set<String> queues = ids(read.queues());
    Set<String> codes = ids(read.wrapUpCodes());
    Set<String> skills = ids(read.skills());
    Set<String> users = ids(read.users());
    Set<String> used = new TreeSet<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String raw : emulator.dataset().rawConversations()) {
      com.fasterxml.jackson.databind.JsonNode conversation;
      try {
        conversation = json.readTree(raw);
      } catch (java.io.IOException deliberatelyBroken) {
        continue;
      }
      for (com.fasterxml.jackson.databind.JsonNode participant : conversation.path("participants")) {
        if (participant.hasNonNull("userId")) {
          used.add("user " + participant.get("userId").asText());
          assertTrue(participant.toString(), users.contains(participant.get("userId").asText()));
        }
        for (com.fasterxml.jackson.databind.JsonNode segment : participant.findValues("segments")
            .stream().flatMap(segments -> java.util.stream.StreamSupport.stream(
                segments.spliterator(), false)).toList()) {
          if (segment.hasNonNull("queueId")) {
            used.add("queue " + segment.get("queueId").asText());
            assertTrue(segment.toString(), queues.contains(segment.get("queueId").asText()));
          }
          if (segment.hasNonNull("wrapUpCode")) {
            used.add("code " + segment.get("wrapUpCode").asText());
            assertTrue(segment.toString(), codes.contains(segment.get("wrapUpCode").asText()));
          }
          for (com.fasterxml.jackson.databind.JsonNode skill :
              segment.path("requestedRoutingSkillIds")) {
            used.add("skill " + skill.asText());
            assertTrue(segment.toString(), skills.contains(skill.asText()));
          }
        }
      }
    }
    // The conversations of a day reach most of the org, inactive agents included.
    assertTrue(used.stream().filter(u -> u.startsWith("queue ")).count() >= 6);
    assertTrue(used.stream().filter(u -> u.startsWith("skill ")).count() >= 5);
    assertTrue(read.users().stream().filter(u -> "inactive".equals(u.state()))
        .anyMatch(u -> used.contains("user " + u.id())));
  }

  private static Set<String> ids(List<GenesysApi.ReferenceEntity> entities) {
    Set<String> ids = new TreeSet<>();
    entities.forEach(e -> ids.add(e.id()));
    return ids;
  }

  @Test
  public void forbiddenNamesThePermission() {
    emulator.registerClient("queues-only", "s", Set.of(GenesysEmulator.PERM_QUEUES));
    try (GenesysClient client =
        GenesysClient.create(
            ConnectionSettings.forBaseUrl(emulator.baseUrl()).withCredentials("queues-only", "s"),
            counting)) {
      assertEquals(emulator.dataset().queues().size(), client.listQueues().size());
      GenesysApiException e =
          assertThrows(
              GenesysApiException.class, () -> client.submitDetailsJob(DetailsQuery.of(DAY)));
      assertEquals(403, e.getStatus());
      assertTrue(e.getMessage(), e.getMessage().contains(GenesysEmulator.PERM_DETAILS));
      assertTrue(e.getMessage(), e.getMessage().contains(e.getCorrelationId()));
      assertEquals(0, retries.get());
    }
  }

  @Test
  public void retryAfter3600FailsFast() {
    emulator.setFaults(
        Faults.builder().setTooManyRequestsShare(1.0).setRetryAfterSeconds(3600).build());
    try (GenesysClient client = GenesysClient.create(demo(), counting)) {
      long started = System.nanoTime();
      GenesysApiException e =
          assertThrows(GenesysApiException.class, client::getDetailsJobsAvailability);
      assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
      assertTrue(e.getMessage(), e.getMessage().contains("quota exhausted"));
      assertTrue(e.getMessage(), e.getMessage().contains("resets at"));
      assertEquals(List.of(3_600_000L), rateLimited);
      assertEquals(1, emulator.stats().tooManyRequestsSent());
      assertEquals(0, retries.get());
    }
  }

  @Test
  public void aStormOpensTheBreakerAfterTheThreshold() {
    emulator.setFaults(Faults.builder().setStorm(true).build());
    try (GenesysClient client =
        GenesysClient.create(demo().withCircuitBreakerThreshold(3).withMaxRetries(10), counting)) {
      GenesysApiException e =
          assertThrows(GenesysApiException.class, client::getDetailsJobsAvailability);
      assertTrue(e.getMessage(), e.getMessage().contains("Circuit breaker opened after 3"));
      assertEquals(3, emulator.stats().serverErrorsSent());
      assertEquals(2, retries.get());
      e = assertThrows(GenesysApiException.class, client::getDetailsJobsAvailability);
      assertTrue(e.getMessage(), e.getMessage().contains("Circuit breaker open"));
      assertEquals(3, emulator.stats().serverErrorsSent());
    }
  }

  @Test
  public void aTruncatedPageIsAnErrorAndARetryReadsItWhole() {
    emulator.setFaults(Faults.builder().setTruncate(true).build());
    try (GenesysClient client = GenesysClient.create(demo(), counting)) {
      String jobId = client.submitDetailsJob(DetailsQuery.of(DAY));
      client.awaitDetailsJob(jobId, Duration.ofSeconds(30));
      GenesysApiException e =
          assertThrows(
              GenesysApiException.class, () -> client.getDetailsJobResults(jobId, null, 100));
      assertTrue(e.isRetryable());
      assertTrue(e.getMessage(), e.getMessage().contains("Malformed or truncated"));
      assertTrue(e.getMessage(), e.getCorrelationId() != null);
      assertTrue(e.getMessage(), e.getMessage().contains(e.getCorrelationId()));
      assertEquals(1, emulator.stats().truncatedPages());

      JobResultsPage page = client.getDetailsJobResults(jobId, null, 100);
      assertEquals(100, page.conversations().size());
    }
  }

  @Test
  public void anExpiredTokenIsRenewed() throws Exception {
    emulator.close();
    emulator =
        GenesysEmulator.builder()
            .config(march(42, 1, 50).build())
            .tokenTtl(Duration.ofSeconds(2))
            .start();
    try (GenesysClient client = GenesysClient.create(demo(), counting)) {
      client.getDetailsJobsAvailability();
      Thread.sleep(2_100);
      client.getDetailsJobsAvailability();
      assertEquals(2, emulator.stats().tokensIssued());
      assertEquals(0, retries.get());
    }
  }
}
