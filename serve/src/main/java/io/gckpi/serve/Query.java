package io.gckpi.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query string of one request, checked against the parameters its endpoint accepts.
 *
 * <p>It is strict on purpose. An unknown parameter is refused rather than ignored, because a typo
 * such as {@code skil=A} would otherwise return every skill and look like an answer; a parameter
 * given twice is refused because it is unclear which one the client meant. An empty value counts
 * as absent, so that a form or a dashboard with a blank filter means "no filter".
 */
final class Query {
  private final Map<Param, String> values;

  private Query(Map<Param, String> values) {
    this.values = values;
  }

  /** Parses a raw (still percent-encoded) query string; null or empty means no parameters. */
  static Query parse(String rawQuery, Set<Param> accepted) throws BadRequest {
    Map<Param, String> values = new EnumMap<>(Param.class);
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new Query(values);
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), null);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
      Param param =
          accepted.stream().filter(p -> p.wireName.equals(name)).findFirst()
              .orElseThrow(() -> new BadRequest(name, "unknown parameter " + shown(name)
                  + "; this endpoint accepts " + names(accepted)));
      if (values.containsKey(param)) {
        throw new BadRequest(name, name + " is given more than once");
      }
      if (!value.isEmpty()) {
        values.put(param, value);
      }
    }
    return new Query(values);
  }

  /** The required start_date and end_date as a checked range. */
  DateRange dateRange() throws BadRequest {
    return DateRange.of(date(Param.START_DATE), date(Param.END_DATE));
  }

  /** The interval, {@link Interval#HOUR} when absent. */
  Interval interval() throws BadRequest {
    String value = values.get(Param.INTERVAL);
    if (value == null) {
      return Interval.HOUR;
    }
    for (Interval interval : Interval.values()) {
      if (interval.wireName.equals(value)) {
        return interval;
      }
    }
    throw new BadRequest(
        Param.INTERVAL.wireName,
        "interval must be one of " + String.join(", ", Interval.wireNames()) + "; got "
            + shown(value));
  }

  /** An optional exact-match filter. */
  Optional<String> text(Param param) throws BadRequest {
    String value = values.get(param);
    if (value != null && value.codePointCount(0, value.length()) > Param.MAX_TEXT_LENGTH) {
      throw new BadRequest(
          param.wireName,
          param.wireName + " is longer than " + Param.MAX_TEXT_LENGTH + " characters");
    }
    return Optional.ofNullable(value);
  }

  private LocalDate date(Param param) throws BadRequest {
    String value = values.get(param);
    if (value == null) {
      throw new BadRequest(param.wireName, param.wireName + " is required (YYYY-MM-DD)");
    }
    try {
      // ISO_LOCAL_DATE resolves strictly: 2024-02-30 is refused, not moved to March.
      return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          param.wireName, param.wireName + " must be a date as YYYY-MM-DD; got " + shown(value));
    }
  }

  private static String decode(String raw, String parameter) throws BadRequest {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(parameter, "malformed percent-encoding in the query string");
    }
  }

  /** A client's value as quoted back in a message: cut short, so a huge one is not echoed whole. */
  private static String shown(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }

  private static String names(Set<Param> accepted) {
    return accepted.isEmpty()
        ? "none"
        : accepted.stream().map(p -> p.wireName).collect(Collectors.joining(", "));
  }
}
