package io.gckpi.genesys.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The fast reading agrees with {@code Instant.parse(text).toEpochMilli()} on every text tried. */
@RunWith(JUnit4.class)
public class IsoTimestampsTest {
  @Test
  public void agreesWithInstantParseOnTheDaysOfFourHundredYearsAndAnyFraction() {
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      // Any instant of years 0001..9999, at a random precision of 0..9 fraction digits.
      long seconds = Math.floorMod(random.nextLong(), 315_537_897_600L) - 62_135_596_800L;
      int nanos = random.nextInt(1_000_000_000);
      String text = Instant.ofEpochSecond(seconds, nanos).toString();
      int digits = random.nextInt(10);
      String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
      String form = text.substring(0, 19) + fraction + "Z";
      assertSame(form);
    }
  }

  @Test
  public void agreesOnCalendarEdgesAndEveryOtherForm() {
    for (String text : List.of(
        "2024-01-15T10:00:02.806Z", "2024-02-29T23:59:59.999Z", "2023-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z",
        "2024-01-15T24:00:00Z", "2024-01-15T23:60:00Z", "2024-01-15T23:59:60Z",
        "2024-01-15T10:00:02.Z", "2024-01-15T10:00:02.1234567890Z", "2024-01-15T10:00:02,5Z",
        "2024-01-15T10:00:02.806+01:00", "2024-01-15T10:00:02.806z", "2024-01-15 10:00:02Z",
        "2024-1-15T10:00:02Z", "+2024-01-15T10:00:02Z", "2024-01-15T10:00Z", "", "garbage",
        "2024-01-15T10:00:02.8a6Z", "２０２４-01-15T10:00:02Z")) {
      assertSame(text);
    }
  }

  /** Both give the same epoch milliseconds, or both refuse the text. */
  private static void assertSame(String text) {
    long expected;
    try {
      expected = Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        long got = IsoTimestamps.toEpochMilli(text);
        fail(text + " is refused by Instant.parse but read as " + got);
      } catch (DateTimeParseException refused) {
        return;
      }
      return;
    }
    assertEquals(text, expected, IsoTimestamps.toEpochMilli(text));
  }
}
