package io.gckpi.serve;

/**
 * The query parameters of the API. The server validates them and {@link OpenApiDocument}
 * describes them from this one list, so the published document cannot drift from what the server
 * accepts.
 */
enum Param {
  START_DATE("start_date", Kind.DATE, true, "First UTC day of the range, inclusive."),
  END_DATE(
      "end_date",
      Kind.DATE,
      true,
      "Last UTC day of the range, inclusive; not before start_date, and the range covers at most "
          + DateRange.MAX_DAYS + " days."),
  INTERVAL(
      "interval",
      Kind.INTERVAL,
      false,
      "Bucket of the roll-up: 1h (UTC hours, the default) or 1d (UTC days)."),
  SKILL("skill", Kind.TEXT, false, "Only this skill id (exact match)."),
  QUEUE("queue", Kind.TEXT, false, "Only this queue id (exact match)."),
  MEDIA("media", Kind.TEXT, false, "Only this media type, such as voice, chat or email.");

  /** Longest filter value accepted, in characters: ids are far shorter; a bound keeps logs sane. */
  static final int MAX_TEXT_LENGTH = 200;

  enum Kind {
    DATE,
    INTERVAL,
    TEXT
  }

  final String wireName;
  final Kind kind;
  final boolean required;
  final String description;

  Param(String wireName, Kind kind, boolean required, String description) {
    this.wireName = wireName;
    this.kind = kind;
    this.required = required;
    this.description = description;
  }
}
