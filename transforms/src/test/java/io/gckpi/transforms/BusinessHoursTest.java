package io.gckpi.transforms;

import static io.gckpi.transforms.Conversations.acd;
import static io.gckpi.transforms.Conversations.conversation;
import static io.gckpi.transforms.Conversations.segment;
import static io.gckpi.transforms.Conversations.wrapup;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.gckpi.genesys.model.Conversation;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Business hours worked out by hand: weekends, holidays, daylight-saving changes, a spec that
 * names its bad field, and {@link ApplyBusinessHours} on a pipeline.
 */
@RunWith(JUnit4.class)
public class BusinessHoursTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static BusinessCalendar weekdays(List<String> holidays) {
    Map<String, List<String>> weekly =
        Map.of("monday", List.of("08:00-18:00"), "Tue", List.of("08:00-12:00", "13:00-18:00"),
            "WEDNESDAY", List.of("08:00-18:00"), "thu", List.of("08:00-18:00"),
            "friday", List.of("08:00-18:00"));
    return BusinessCalendar.of(PARIS, weekly, holidays);
  }

  private static long at(String local) {
    return java.time.LocalDateTime.parse(local).atZone(PARIS).toInstant().toEpochMilli();
  }

  @Test
  public void aWaitOverTheWeekendCountsOnlyOpeningHours() {
    BusinessCalendar calendar = weekdays(List.of());
    // Friday 2024-01-19 17:55 to Monday 2024-01-22 08:05: 5 minutes on Friday, 5 on Monday.
    assertEquals(10 * MINUTE, calendar.businessMs(at("2024-01-19T17:55"), at("2024-01-22T08:05")));
    // Tuesday's lunch break is closed: 11:30 to 13:30 is one hour of business time.
    assertEquals(HOUR, calendar.businessMs(at("2024-01-16T11:30"), at("2024-01-16T13:30")));
    // Entirely at night: nothing.
    assertEquals(0, calendar.businessMs(at("2024-01-16T20:00"), at("2024-01-17T07:59")));
  }

  @Test
  public void aHolidayIsClosed() {
    BusinessCalendar calendar = weekdays(List.of("2024-05-01"));
    // Wednesday 2024-05-01 is a holiday: Tuesday 17:00 to Thursday 09:00 is 1 h + 1 h.
    assertEquals(2 * HOUR, calendar.businessMs(at("2024-04-30T17:00"), at("2024-05-02T09:00")));
  }

  @Test
  public void daylightSavingChangesFollowTheClock() {
    // Sunday 2024-03-31 in Paris: clocks go from 02:00 to 03:00. Open 01:00-05:00 local is 3 h.
    BusinessCalendar spring = BusinessCalendar.of(PARIS, Map.of("sunday", List.of("01:00-05:00")),
        List.of());
    assertEquals(3 * HOUR, spring.businessMs(at("2024-03-30T23:00"), at("2024-03-31T23:00")));
    // Sunday 2024-10-27: clocks go from 03:00 back to 02:00. Open 01:00-05:00 local is 5 h.
    BusinessCalendar autumn = BusinessCalendar.of(PARIS, Map.of("sun", List.of("01:00-05:00")),
        List.of());
    long from = Instant.parse("2024-10-26T20:00:00Z").toEpochMilli();
    long to = Instant.parse("2024-10-27T20:00:00Z").toEpochMilli();
    assertEquals(5 * HOUR, autumn.businessMs(from, to));
    // Open until midnight: "24:00" closes at the start of the next day.
    BusinessCalendar late = BusinessCalendar.of(PARIS, Map.of("sat", List.of("22:00-24:00")),
        List.of());
    assertEquals(2 * HOUR, late.businessMs(at("2024-01-20T21:00"), at("2024-01-21T03:00")));
  }

  @Test
  public void aBadCalendarNamesItsField() {
    String bad = "businessHours:\n  zone: Europe/Paris\n  weekly:\n    monday: [\"18:00-08:00\"]\n";
    KpiSpecException e = assertThrows(KpiSpecException.class, () -> KpiSpecLoader.parse(bad, "s.yaml"));
    assertThat(e.getMessage(), containsString("s.yaml:"));
    assertThat(e.getMessage(), containsString("weekly"));
    assertThat(e.getMessage(), containsString("18:00-08:00"));
    String badDay = "businessHours:\n  weekly:\n    someday: [\"08:00-18:00\"]\n";
    assertThat(assertThrows(KpiSpecException.class, () -> KpiSpecLoader.parse(badDay, "s.yaml"))
        .getMessage(), containsString("'someday' is not a day of the week"));
    String badHoliday = "businessHours:\n  holidays: [2024-13-01]\n";
    assertThat(assertThrows(KpiSpecException.class, () -> KpiSpecLoader.parse(badHoliday, "s.yaml"))
        .getMessage(), containsString("holidays"));
  }

  @Test
  public void applyBusinessHoursStripsTheNightFromAQueueWait() {
    // A callback queued Monday 2024-01-15 at 10:00 UTC (11:00 Paris) waits 8 h in queue, until
    // 18:00 UTC (19:00 Paris); the centre closes at 18:00 Paris: 7 h of business time.
    KpiSpec spec =
        KpiSpecLoader.parse(
            "businessHours:\n  zone: Europe/Paris\n  weekly:\n    monday: [\"08:00-18:00\"]\n",
            "spec.yaml");
    Conversation c =
        conversation("bh1")
            .customer("callback", segment("interact", 0, 30_000))
            .acdLeg("callback", acd("q1", 0, 28_800, "transfer"))
            .agent("u1", "callback", segment("interact", 28_800, 29_400, "client"),
                wrapup("x", 29_400, 29_500))
            .endsAt(30_000)
            .build();
    InteractionTimeline unclassified = TimelineBuilder.buildUnclassified(c);
    assertEquals(8 * HOUR, unclassified.getQueueWaitMs());
    PCollection<InteractionTimeline> waits =
        pipeline
            .apply(Create.of(unclassified))
            .apply(ApplyBusinessHours.withSpec(spec))
            .apply("Again", ApplyBusinessHours.withSpec(spec));
    PAssert.thatSingleton(waits)
        .satisfies(
            t -> {
              assertEquals(7 * HOUR, t.getQueueWaitMs());
              return null;
            });
    // Without business hours in the spec the transform changes nothing.
    PCollection<InteractionTimeline> untouched =
        pipeline
            .apply("Plain", Create.of(unclassified))
            .apply("NoCalendar", ApplyBusinessHours.withSpec(KpiSpecLoader.defaults()));
    PAssert.thatSingleton(untouched).isEqualTo(unclassified);
    pipeline.run();
    // The plain-Java path gives the same, and the SLA follows the business-time wait.
    assertEquals(7 * HOUR, TimelineBuilder.build(c, spec).getQueueWaitMs());
  }
}
