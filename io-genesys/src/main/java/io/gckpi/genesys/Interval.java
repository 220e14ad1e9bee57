package io.gckpi.genesys;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A half-open UTC interval {@code [start, end)}: the unit of extraction. Windows built from one
 * interval never overlap, so a conversation assigned to a window by its start is read once.
 */
public record Interval(Instant start, Instant end) implements Serializable, Comparable<Interval> {

  public Interval {
    if (start == null || end == null) {
      throw new IllegalArgumentException("interval start and end are required");
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "interval end " + end + " must be after its start " + start);
    }
  }

  /** Parses Genesys' form {@code 2024-01-15T00:00:00.000Z/2024-01-16T00:00:00.000Z}. */
  public static Interval parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "interval must be START/END in ISO-8601, e.g. 2024-01-15T00:00:00Z/2024-01-16T00:00:00Z;"
              + " got: " + text);
    }
    return new Interval(Instant.parse(parts[0].trim()), Instant.parse(parts[1].trim()));
  }

  public Duration duration() {
    return Duration.between(start, end);
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  public boolean overlaps(Interval other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  /** Splits into consecutive windows of {@code size}; the last one may be shorter. */
  public List<Interval> split(Duration size) {
    if (size.isZero() || size.isNegative()) {
      throw new IllegalArgumentException("window size must be positive: " + size);
    }
    List<Interval> windows = new ArrayList<>();
    Instant cursor = start;
    while (cursor.isBefore(end)) {
      Instant next = cursor.plus(size);
      if (next.isAfter(end)) {
        next = end;
      }
      windows.add(new Interval(cursor, next));
      cursor = next;
    }
    return windows;
  }

  /** Genesys' wire form, also the stable window id. */
  @Override
  public String toString() {
    return start + "/" + end;
  }

  @Override
  public int compareTo(Interval other) {
    int byStart = start.compareTo(other.start);
    return byStart != 0 ? byStart : end.compareTo(other.end);
  }
}
