package io.gckpi.serve;

import java.util.Arrays;
import java.util.List;

/**
 * The buckets {@code /metrics/aht} rolls the hourly components up into. Both are UTC: the
 * components are keyed by UTC hour, and a day in any other zone would cut hours in half at the
 * offsets that are not whole hours.
 */
enum Interval {
  HOUR("1h", "hour"),
  DAY("1d", "day");

  /** The value of the {@code interval} query parameter. */
  final String wireName;
  /** The PostgreSQL {@code date_trunc} field of the bucket. */
  final String truncateTo;

  Interval(String wireName, String truncateTo) {
    this.wireName = wireName;
    this.truncateTo = truncateTo;
  }

  static List<String> wireNames() {
    return Arrays.stream(values()).map(i -> i.wireName).toList();
  }
}
