package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.AggregateRow;
import io.gckpi.genesys.client.GenesysApi.AggregatesQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The conversation aggregates query, its answer flattened to one row per metric and bucket. */
final class AggregatesEndpoint {
  private static final String PATH = "/api/v2/analytics/conversations/aggregates/query";

  private final GenesysHttp http;

  AggregatesEndpoint(GenesysHttp http) {
    this.http = http;
  }

  List<AggregateRow> queryAggregates(AggregatesQuery query) {
    ObjectNode body = http.mapper().createObjectNode();
    body.put("interval", query.interval().toString());
    if (query.granularity() != null) {
      body.put("granularity", query.granularity());
    }
    if (query.timeZone() != null) {
      body.put("timeZone", query.timeZone());
    }
    if (query.groupBy() != null) {
      query.groupBy().forEach(body.putArray("groupBy")::add);
    }
    if (query.metrics() != null) {
      query.metrics().forEach(body.putArray("metrics")::add);
    }
    if (query.filterJson() != null) {
      body.set("filter", http.parseJsonArgument(query.filterJson(), "filterJson"));
    }
    GenesysHttp.Call call =
        GenesysHttp.Call.post(PATH, body, GenesysClient.PERMISSION_AGGREGATES)
            .withReadTimeout(http.settings().aggregatesReadTimeout());
    return http.execute(
        call, (in, correlationId) -> flattenAggregates(http.readTree(in, correlationId)));
  }

  private static List<AggregateRow> flattenAggregates(JsonNode answer) {
    List<AggregateRow> rows = new ArrayList<>();
    for (JsonNode result : answer.path("results")) {
      Map<String, String> group = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = result.path("group").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        group.put(field.getKey(), field.getValue().asText());
      }
      for (JsonNode bucket : result.path("data")) {
        Interval interval = Interval.parse(bucket.path("interval").asText());
        for (JsonNode metric : bucket.path("metrics")) {
          JsonNode stats = metric.path("stats");
          rows.add(
              new AggregateRow(
                  Map.copyOf(group),
                  interval,
                  metric.path("metric").asText(),
                  number(stats, "count"),
                  number(stats, "sum"),
                  number(stats, "max"),
                  number(stats, "min"),
                  number(stats, "ratio"),
                  number(stats, "numerator"),
                  number(stats, "denominator"),
                  number(stats, "target")));
        }
      }
    }
    return List.copyOf(rows);
  }

  private static Double number(JsonNode stats, String field) {
    JsonNode value = stats.get(field);
    return value == null || !value.isNumber() ? null : value.asDouble();
  }
}
