package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysApiException;
import io.gckpi.genesys.client.GenesysClient;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GenesysEmulator;
import io.gckpi.genesys.testing.SyntheticDataset;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The busiest day's count, from the aggregates API, against the emulator's ground truth: the
 * conversations that start on each UTC day, over nine days asked for in two requests.
 */
@RunWith(JUnit4.class)
public class DayCountsEmulatorTest {
  private static final LocalDate FIRST = LocalDate.parse("2024-01-15");

  @Test
  public void theBusiestDayIsTheMostConversationsStartingOnOneDay() {
    EmulatorConfig config =
        EmulatorConfig.builder().setStartDate(FIRST).setDays(9).setConversationsPerDay(300)
            .build();
    try (GenesysEmulator emulator =
            GenesysEmulator.builder().config(config).rateLimitPerMinute(0).start();
        GenesysClient client =
            GenesysClient.create(
                ConnectionSettings.forBaseUrl(emulator.baseUrl())
                    .withCredentials(
                        GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET)
                    .withRateLimitPerMinute(60_000))) {
      SyntheticDataset dataset = emulator.dataset();
      long truth = 0;
      for (int d = 0; d < 9; d++) {
        Interval day = new Interval(
            FIRST.plusDays(d).atStartOfDay().toInstant(ZoneOffset.UTC),
            FIRST.plusDays(d + 1).atStartOfDay().toInstant(ZoneOffset.UTC));
        truth = Math.max(truth, dataset.idsStartingIn(day).size());
      }
      Interval all = new Interval(
          FIRST.atStartOfDay().toInstant(ZoneOffset.UTC),
          FIRST.plusDays(9).atStartOfDay().toInstant(ZoneOffset.UTC));
      long before = emulator.stats().aggregateQueriesServed();

      assertEquals(truth, DayCounts.busiestDay(client, all.split(Duration.ofHours(1))));
      assertEquals("a week, then two days", 2,
          emulator.stats().aggregateQueriesServed() - before);
      assertEquals(300, truth);
      assertEquals(0, DayCounts.busiestDay(client, List.of(Interval.parse(
          "2025-03-01T00:00:00Z/2025-03-01T01:00:00Z"))));
    }
  }

  /**
   * Without the aggregates permission Genesys answers 403, which the client reports as a {@link
   * GenesysApiException} at once: the launcher catches that one type and keeps the default shards.
   */
  @Test
  public void aClientWithoutTheAggregatesPermissionIsToldSoAtOnce() {
    try (GenesysEmulator emulator = GenesysEmulator.builder().rateLimitPerMinute(0).start()) {
      emulator.registerClient("details-only", "s", Set.of(GenesysEmulator.PERM_DETAILS));
      try (GenesysClient client =
          GenesysClient.create(
              ConnectionSettings.forBaseUrl(emulator.baseUrl())
                  .withCredentials("details-only", "s")
                  .withRateLimitPerMinute(60_000))) {
        GenesysApiException refused = assertThrows(GenesysApiException.class,
            () -> DayCounts.busiestDay(client, List.of(Interval.parse(
                "2024-01-15T00:00:00Z/2024-01-16T00:00:00Z"))));
        assertEquals(403, refused.getStatus());
      }
    }
  }
}
