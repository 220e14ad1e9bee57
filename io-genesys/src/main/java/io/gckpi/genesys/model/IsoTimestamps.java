package io.gckpi.genesys.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants as epoch milliseconds, as {@code Instant.parse(text).toEpochMilli()} gives
 * them, for the timestamps of detail records.
 *
 * <p>A record holds some thirty timestamps, and {@code Instant.parse} was two thirds of the time
 * spent typing one. Genesys writes them all alike, {@code 2024-01-15T10:00:02.806Z}: that form
 * (UTC, whole seconds with up to nine fraction digits, fractions below a millisecond dropped as
 * {@code toEpochMilli} drops them) is read here directly, with the calendar checked field by field;
 * any other text goes to {@code Instant.parse}, so what is accepted and refused, and the value,
 * are exactly its own.
 */
public final class IsoTimestamps {
  private IsoTimestamps() {}

  /**
   * The instant {@code text} names, in epoch milliseconds.
   *
   * @throws DateTimeParseException when {@code Instant.parse} would
   */
  public static long toEpochMilli(String text) {
    long millis = utcMillis(text);
    return millis != NOT_THE_COMMON_FORM ? millis : Instant.parse(text).toEpochMilli();
  }

  private static final long NOT_THE_COMMON_FORM = Long.MIN_VALUE;

  /** {@code yyyy-MM-ddTHH:mm:ss[.f...]Z} read directly; {@link #NOT_THE_COMMON_FORM} otherwise. */
  private static long utcMillis(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return NOT_THE_COMMON_FORM;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_THE_COMMON_FORM;
    }
    int millis = 0;
    if (n > 20) {
      // A fraction: '.', one to nine digits, then the 'Z'.
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9 || digits(s, 20, n - 1) < 0) {
        return NOT_THE_COMMON_FORM;
      }
      for (int i = 0; i < 3; i++) {
        millis = millis * 10 + (20 + i < n - 1 ? s.charAt(20 + i) - '0' : 0);
      }
    } else if (n != 20) {
      return NOT_THE_COMMON_FORM;
    }
    long days = daysFromCivil(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  /** The value of the decimal digits s[from, to), or -1 when one is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm). */
  private static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }
}
