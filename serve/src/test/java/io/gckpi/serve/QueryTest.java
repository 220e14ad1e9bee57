package io.gckpi.serve;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Query-string parsing and the checks behind every 400. */
@RunWith(JUnit4.class)
public class QueryTest {
  private static final Set<Param> AHT = Endpoint.AHT.params;

  private static Query aht(String rawQuery) throws BadRequest {
    return Query.parse(rawQuery, AHT);
  }

  private static void assertRefused(String parameter, ThrowingRunnable call) {
    BadRequest e = assertThrows(BadRequest.class, call);
    assertEquals(e.getMessage(), parameter, e.parameter());
  }

  @Test
  public void readsDatesIntervalAndFilter() throws Exception {
    Query q = aht("start_date=2024-01-15&end_date=2024-01-16&interval=1d&skill=A%20b%27c");
    assertEquals(
        new DateRange(LocalDate.of(2024, 1, 15), LocalDate.of(2024, 1, 16)), q.dateRange());
    assertEquals(Interval.DAY, q.interval());
    assertEquals(Optional.of("A b'c"), q.text(Param.SKILL));
  }

  @Test
  public void defaultsAndEmptyValues() throws Exception {
    Query q = aht("start_date=2024-01-15&end_date=2024-01-15&skill=&interval=");
    assertEquals(Interval.HOUR, q.interval());
    assertFalse(q.text(Param.SKILL).isPresent());
  }

  @Test
  public void rangeBoundsInUtcMillis() throws Exception {
    DateRange range = aht("start_date=2024-01-15&end_date=2024-01-15").dateRange();
    assertEquals(1_705_276_800_000L, range.startMs());
    assertEquals(1_705_276_800_000L + 86_400_000L, range.endExclusiveMs());
  }

  @Test
  public void acceptsALeapYearAndTwoHundredCharacters() throws Exception {
    assertEquals(
        LocalDate.of(2024, 12, 31),
        aht("start_date=2024-01-01&end_date=2024-12-31").dateRange().end());
    String longest = "é".repeat(Param.MAX_TEXT_LENGTH);
    assertEquals(Optional.of(longest), aht("skill=" + longest).text(Param.SKILL));
  }

  @Test
  public void refusesBadDates() {
    assertRefused("start_date", () -> aht("end_date=2024-01-15").dateRange());
    assertRefused("end_date", () -> aht("start_date=2024-01-15").dateRange());
    for (String bad : new String[] {"2024-13-01", "2024-02-30", "20240115", "15/01/2024",
        "2024-1-15", "2024-01-15T00:00:00Z", "yesterday"}) {
      assertRefused("start_date", () -> aht("start_date=" + bad + "&end_date=2024-01-15")
          .dateRange());
      assertRefused("end_date", () -> aht("start_date=2024-01-15&end_date=" + bad).dateRange());
    }
  }

  @Test
  public void refusesBackwardsAndTooLongRanges() {
    assertRefused("end_date", () -> aht("start_date=2024-01-15&end_date=2024-01-14").dateRange());
    assertRefused("end_date", () -> aht("start_date=2024-01-01&end_date=2025-01-01").dateRange());
  }

  @Test
  public void refusesUnknownIntervals() {
    for (String bad : new String[] {"2h", "1H", "1w", "hour", "PT1H"}) {
      assertRefused("interval", () -> aht("interval=" + bad).interval());
    }
  }

  @Test
  public void refusesLongFilters() {
    assertRefused("skill", () -> aht("skill=" + "x".repeat(201)).text(Param.SKILL));
    assertRefused(
        "queue",
        () -> Query.parse("queue=" + "q".repeat(201), Endpoint.KPI_DAILY.params)
            .text(Param.QUEUE));
  }

  @Test
  public void refusesUnknownRepeatedAndMalformedParameters() {
    assertRefused("skil", () -> aht("skil=A"));
    assertRefused("queue", () -> aht("queue=q1"));
    assertRefused("interval", () -> Query.parse("interval=1h", Endpoint.KPI_DAILY.params));
    assertRefused("skill", () -> aht("skill=A&skill=B"));
    assertRefused("skill", () -> aht("skill=%zz"));
    assertRefused("x", () -> Query.parse("x=1", Endpoint.HEALTH.params));
  }
}
