package io.gckpi.serve;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The API's paths, each with the query parameters it accepts; every one answers GET and HEAD. */
enum Endpoint {
  AHT(
      "/metrics/aht",
      "Average handle time per skill",
      "Handle time per skill per UTC hour or day, rolled up from the additive per-window"
          + " components: sum of handle time over sum of handled conversations, so each bucket is"
          + " weighted by its conversations. Buckets without data are absent.",
      EnumSet.of(Param.START_DATE, Param.END_DATE, Param.SKILL, Param.INTERVAL)),
  KPI_DAILY(
      "/metrics/kpi-daily",
      "Daily KPIs per queue and media type",
      "Rows of the kpi_daily view for the UTC report dates in the range, column names as keys."
          + " Times are in seconds, rates are fractions between 0 and 1.",
      EnumSet.of(Param.START_DATE, Param.END_DATE, Param.QUEUE, Param.MEDIA)),
  OPENAPI("/openapi.json", "This document", "The OpenAPI 3 description of the API.",
      EnumSet.noneOf(Param.class)),
  HEALTH(
      "/health",
      "Liveness and database reachability",
      "200 when the database answers SELECT 1, 503 otherwise.",
      EnumSet.noneOf(Param.class));

  final String path;
  final String summary;
  final String description;
  final Set<Param> params;

  Endpoint(String path, String summary, String description, Set<Param> params) {
    this.path = path;
    this.summary = summary;
    this.description = description;
    this.params = params;
  }

  static Optional<Endpoint> forPath(String path) {
    return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
  }
}
