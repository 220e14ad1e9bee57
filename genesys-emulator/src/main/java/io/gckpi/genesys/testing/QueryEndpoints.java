package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.testing.EmulatorHttp.ApiError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synchronous endpoints: the detail query (pages by number, at most 100 a page, refused past
 * the result cap, with an approximate totalHits), the aggregates query (counts by
 * {@link AggregateCalculator}) and the reference-data lists (queues, wrap-up codes, skills,
 * users), paged by number.
 */
final class QueryEndpoints {
  private final SyntheticDataset dataset;
  private final int queryResultCap;
  private final EmulatorStats stats;
  private final FaultInjector faults;
  private final ConversationVersions versions;

  QueryEndpoints(SyntheticDataset dataset, int queryResultCap, EmulatorStats stats,
      FaultInjector faults, ConversationVersions versions) {
    this.dataset = dataset;
    this.queryResultCap = queryResultCap;
    this.stats = stats;
    this.faults = faults;
    this.versions = versions;
  }

  void detailQuery(HttpExchange ex) throws IOException {
    JsonNode body = EmulatorHttp.body(ex);
    Interval iv = EmulatorHttp.interval(body);
    faults.failWindow(iv);
    int pageSize = body.path("paging").path("pageSize").asInt(25);
    int pageNumber = body.path("paging").path("pageNumber").asInt(1);
    if (pageSize < 1 || pageSize > 100) {
      throw new ApiError(400, "bad.request", "paging.pageSize must be within 1..100, got "
          + pageSize);
    }
    if (pageNumber < 1) {
      throw new ApiError(400, "bad.request", "paging.pageNumber must be >= 1");
    }
    if ((long) pageNumber * pageSize > queryResultCap) {
      throw new ApiError(400, "bad.request", "Paging past " + queryResultCap
          + " results is not supported; use a smaller interval");
    }
    // A query answers with the conversations whose lifetime overlaps its interval, less those
    // that started on a UTC day the interval does not touch.
    long dayMs = 86_400_000L;
    long firstDay = Math.floorDiv(iv.start().toEpochMilli(), dayMs) * dayMs;
    List<ConversationGenerator.Generated> matches = new ArrayList<>();
    for (ConversationGenerator.Generated g : dataset.generated()) {
      if (g.truth().conversationStartMs() >= firstDay
          && SyntheticDataset.overlaps(g.truth(), iv)) {
        matches.add(g);
      }
    }
    int from = (pageNumber - 1) * pageSize;
    int to = Math.min(matches.size(), from + pageSize);
    StringBuilder sb = new StringBuilder("{");
    if (from < to) {
      sb.append("\"conversations\":[");
      for (int i = from; i < to; i++) {
        if (i > from) {
          sb.append(',');
        }
        sb.append(versions.fetch(matches.get(i), iv));
      }
      sb.append("],");
    }
    sb.append("\"totalHits\":").append(approximateHits(matches.size())).append('}');
    stats.queriesServed.incrementAndGet();
    EmulatorHttp.send(ex, 200, sb.toString());
  }

  /**
   * Genesys' totalHits is approximate: it counts before duplicates are filtered out of the pages.
   * The emulator over-states it by about 2% so that a reader paging by it, rather than until a
   * short or empty page, asks for pages past the end.
   */
  static long approximateHits(int exact) {
    return exact == 0 ? 0 : exact + exact / 50 + 1;
  }

  void aggregates(HttpExchange ex) throws IOException {
    JsonNode body = EmulatorHttp.body(ex);
    Interval iv = EmulatorHttp.interval(body);
    faults.failWindow(iv);
    Duration granularity;
    try {
      granularity = body.has("granularity")
          ? Duration.parse(body.get("granularity").asText()) : iv.duration();
    } catch (RuntimeException e) {
      throw new ApiError(400, "bad.request", "granularity is not an ISO-8601 duration");
    }
    if (granularity.isZero() || granularity.isNegative()) {
      throw new ApiError(400, "bad.request", "granularity must be positive");
    }
    List<String> groupBy = new ArrayList<>();
    body.path("groupBy").forEach(n -> groupBy.add(n.asText()));
    Set<String> metrics = new HashSet<>();
    body.path("metrics").forEach(n -> metrics.add(n.asText()));
    if (metrics.isEmpty()) {
      metrics.addAll(AggregateCalculator.METRICS);
    }
    long slaMs = body.path("slaMs").asLong(120_000);
    stats.aggregateQueriesServed.incrementAndGet();
    EmulatorHttp.send(ex, 200,
        AggregateCalculator.answer(dataset, iv, granularity, groupBy, metrics, slaMs).toString());
  }

  /**
   * One page of a reference listing, shaped as Genesys' entity listings: {@code entities} (id,
   * name, division, state and dateModified where the entity has them, selfUri; users also email,
   * username and version, skills version), {@code pageSize}, {@code pageNumber}, {@code total},
   * {@code pageCount}, and the {@code firstUri}, {@code selfUri}, {@code lastUri}, {@code
   * previousUri} and {@code nextUri} (absent on the first and the last page) of the listing.
   * {@code GET /api/v2/users} lists active users unless {@code state} asks for {@code inactive},
   * {@code deleted} or {@code any}.
   */
  void reference(HttpExchange ex, List<ReferenceEntity> all) throws IOException {
    String path = ex.getRequestURI().getPath();
    boolean users = path.equals("/api/v2/users");
    Map<String, String> params = EmulatorHttp.queryParams(ex);
    int pageSize = EmulatorHttp.parseInt(params.getOrDefault("pageSize", "25"), "pageSize");
    int pageNumber = EmulatorHttp.parseInt(params.getOrDefault("pageNumber", "1"), "pageNumber");
    if (pageSize < 1 || pageSize > 500 || pageNumber < 1) {
      throw new ApiError(400, "bad.request", "pageSize must be 1..500 and pageNumber >= 1");
    }
    String stateFilter = "";
    List<ReferenceEntity> listed = all;
    if (users) {
      String state = params.getOrDefault("state", "active");
      if (!Set.of("active", "inactive", "deleted", "any").contains(state)) {
        throw new ApiError(400, "bad.request",
            "state must be one of active, inactive, deleted, any; got " + state);
      }
      listed = all.stream().filter(u -> state.equals("any") || state.equals(u.state())).toList();
      stateFilter = params.containsKey("state") ? "&state=" + state : "";
    }
    int pageCount = (listed.size() + pageSize - 1) / pageSize;
    ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
    ArrayNode entities = body.putArray("entities");
    int from = (pageNumber - 1) * pageSize;
    for (int i = from; i < Math.min(listed.size(), from + pageSize); i++) {
      entity(entities.addObject(), listed.get(i), path, users);
    }
    body.put("pageSize", pageSize);
    body.put("pageNumber", pageNumber);
    body.put("total", listed.size());
    String uri = path + "?pageSize=" + pageSize + stateFilter + "&pageNumber=";
    body.put("firstUri", uri + 1);
    body.put("selfUri", uri + pageNumber);
    body.put("lastUri", uri + Math.max(1, pageCount));
    if (pageNumber > 1) {
      body.put("previousUri", uri + (pageNumber - 1));
    }
    if (pageNumber < pageCount) {
      body.put("nextUri", uri + (pageNumber + 1));
    }
    body.put("pageCount", pageCount);
    EmulatorHttp.send(ex, 200, body.toString());
  }

  private static void entity(ObjectNode e, ReferenceEntity entity, String path, boolean user) {
    e.put("id", entity.id());
    e.put("name", entity.name());
    if (entity.divisionId() != null) {
      ObjectNode division = e.putObject("division");
      division.put("id", entity.divisionId());
      division.put("name", entity.divisionName());
      division.put("selfUri", "/api/v2/authorization/divisions/" + entity.divisionId());
    }
    if (user) {
      String login = entity.name().toLowerCase(java.util.Locale.ROOT).replace(' ', '.');
      e.put("email", login + "@example.com");
      e.put("username", login + "@example.com");
    }
    if (entity.state() != null) {
      e.put("state", entity.state());
    }
    if (entity.dateModified() != null) {
      e.put("dateModified",
          ConversationJson.formatTimestamp(entity.dateModified().toEpochMilli()));
    }
    if (user) {
      e.put("version", 3);
    } else if (path.endsWith("/skills")) {
      e.put("version", "1");
    }
    e.put("selfUri", path + "/" + entity.id());
  }
}
