package io.gckpi.transforms;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opening hours in a time zone: weekly ranges of local time, closed holidays. Answers how much of
 * an instant range falls inside business hours, which {@link ApplyBusinessHours} takes away from
 * queue waits.
 *
 * <p>Ranges are local wall-clock times turned into instants day by day with the zone's rules, so
 * a range across a daylight-saving change is as long as the clock says that day (08:00-18:00 on
 * the spring-forward Sunday is still 10 hours, 01:00-05:00 that night is 3).
 */
public final class BusinessCalendar implements Serializable {
  private final ZoneId zone;
  private final Map<DayOfWeek, List<LocalTime[]>> weekly;
  private final Set<LocalDate> holidays;

  private BusinessCalendar(
      ZoneId zone, Map<DayOfWeek, List<LocalTime[]>> weekly, Set<LocalDate> holidays) {
    this.zone = zone;
    this.weekly = weekly;
    this.holidays = holidays;
  }

  /**
   * Parses the spec's text; a bad day, range or holiday is an IllegalArgumentException naming its
   * field, which the spec loader turns into file:line: field.
   */
  public static BusinessCalendar of(
      ZoneId zone, Map<String, List<String>> weekly, List<String> holidays) {
    Map<DayOfWeek, List<LocalTime[]>> days = new EnumMap<>(DayOfWeek.class);
    for (Map.Entry<String, List<String>> day : weekly.entrySet()) {
      List<LocalTime[]> ranges = new ArrayList<>();
      for (String range : day.getValue() == null ? List.<String>of() : day.getValue()) {
        ranges.add(range(day.getKey(), range));
      }
      days.put(day(day.getKey()), ranges);
    }
    Set<LocalDate> closed = new HashSet<>();
    for (String holiday : holidays) {
      closed.add(holiday(holiday));
    }
    return new BusinessCalendar(zone, days, closed);
  }

  private static LocalDate holiday(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw KpiSpecException.field("holidays", "'" + text + "' is not a date yyyy-MM-dd");
    }
  }

  private static DayOfWeek day(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
        return day;
      }
    }
    throw KpiSpecException.field("weekly", "'" + name + "' is not a day of the week");
  }

  /** "HH:mm-HH:mm" with start before end; "24:00" as an end means midnight after the day. */
  private static LocalTime[] range(String day, String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
    try {
      if (parts.length == 2) {
        LocalTime start = LocalTime.parse(parts[0]);
        LocalTime end = parts[1].equals("24:00") ? LocalTime.MAX : LocalTime.parse(parts[1]);
        if (start.isBefore(end)) {
          return new LocalTime[] {start, end};
        }
      }
    } catch (DateTimeException e) {
      // falls through to the message below
    }
    throw KpiSpecException.field(
        "weekly", day + " range '" + text + "' is not HH:mm-HH:mm with start before end");
  }

  /** Milliseconds of [startMs, endMs) inside business hours. */
  public long businessMs(long startMs, long endMs) {
    if (endMs <= startMs) {
      return 0;
    }
    long total = 0;
    LocalDate day = Instant.ofEpochMilli(startMs).atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = Instant.ofEpochMilli(endMs).atZone(zone).toLocalDate();
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      if (holidays.contains(day)) {
        continue;
      }
      for (LocalTime[] range : weekly.getOrDefault(day.getDayOfWeek(), List.of())) {
        long open = ZonedDateTime.of(day, range[0], zone).toInstant().toEpochMilli();
        long close =
            range[1].equals(LocalTime.MAX)
                ? day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()
                : ZonedDateTime.of(day, range[1], zone).toInstant().toEpochMilli();
        total += Math.max(0, Math.min(close, endMs) - Math.max(open, startMs));
      }
    }
    return total;
  }
}
