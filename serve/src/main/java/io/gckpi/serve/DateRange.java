package io.gckpi.serve;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The UTC days a request covers, both ends inclusive, as people say "from the 1st to the 31st".
 * The bound of {@value #MAX_DAYS} days (a leap year) keeps one request from scanning the whole
 * history: larger reports are several requests.
 */
record DateRange(LocalDate start, LocalDate end) {
  static final int MAX_DAYS = 366;

  static DateRange of(LocalDate start, LocalDate end) throws BadRequest {
    if (end.isBefore(start)) {
      throw new BadRequest(
          Param.END_DATE.wireName, "end_date " + end + " is before start_date " + start);
    }
    long days = ChronoUnit.DAYS.between(start, end) + 1;
    if (days > MAX_DAYS) {
      throw new BadRequest(
          Param.END_DATE.wireName,
          "the range covers " + days + " days; at most " + MAX_DAYS + " are allowed");
    }
    return new DateRange(start, end);
  }

  /** Epoch milliseconds of the first day's UTC midnight. */
  long startMs() {
    return start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Epoch milliseconds of the UTC midnight after the last day: the range is [startMs, endMs). */
  long endExclusiveMs() {
    return end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
