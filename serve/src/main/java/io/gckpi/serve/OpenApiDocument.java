package io.gckpi.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3 description served at {@code /openapi.json}. It is built from {@link Endpoint} and
 * {@link Param}, the same definitions the server routes and validates with, so that a parameter
 * cannot be accepted without being documented or documented without being accepted.
 */
final class OpenApiDocument {
  private static final String ERROR = "#/components/schemas/Error";

  private final ObjectMapper mapper;

  private OpenApiDocument(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  static ObjectNode build(ObjectMapper mapper) {
    return new OpenApiDocument(mapper).document();
  }

  private ObjectNode document() {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("openapi", "3.0.3");
    doc.putObject("info")
        .put("title", "gckpi KPI API")
        .put("version", "1.0")
        .put("description",
            "Read-only access to the contact-centre KPIs gckpi writes to PostgreSQL. Days and"
                + " hours are UTC. A bad parameter is a 400 whose body names it; an unreachable"
                + " database is a 503.");
    ObjectNode paths = doc.putObject("paths");
    for (Endpoint endpoint : Endpoint.values()) {
      paths.putObject(endpoint.path).set("get", operation(endpoint));
    }
    doc.putObject("components").set("schemas", schemas());
    return doc;
  }

  private ObjectNode operation(Endpoint endpoint) {
    ObjectNode op = mapper.createObjectNode();
    op.put("operationId", camelCase(endpoint.name()));
    op.put("summary", endpoint.summary);
    op.put("description", endpoint.description);
    ArrayNode parameters = op.putArray("parameters");
    for (Param param : endpoint.params) {
      parameters.add(parameter(param));
    }
    ObjectNode responses = op.putObject("responses");
    switch (endpoint) {
      case AHT -> response(responses, "200", "Points ordered by timestamp, then skill.",
          arrayOf("#/components/schemas/AhtPoint"));
      case KPI_DAILY -> response(responses, "200",
          "Rows ordered by report_date, queue_id, media_type.",
          arrayOf("#/components/schemas/KpiDailyRow"));
      case OPENAPI -> response(responses, "200", "This document.",
          mapper.createObjectNode().put("type", "object"));
      case HEALTH -> {
        response(responses, "200", "The database answers.", ref("#/components/schemas/Health"));
        response(responses, "503", "The database does not answer.",
            ref("#/components/schemas/Health"));
      }
    }
    response(responses, "400", "A parameter is missing, malformed or unknown.", ref(ERROR));
    if (endpoint == Endpoint.AHT || endpoint == Endpoint.KPI_DAILY) {
      response(responses, "503", "The database is unreachable; try again later.", ref(ERROR));
    }
    return op;
  }

  private ObjectNode parameter(Param param) {
    ObjectNode p = mapper.createObjectNode();
    p.put("name", param.wireName);
    p.put("in", "query");
    p.put("required", param.required);
    p.put("description", param.description);
    ObjectNode schema = p.putObject("schema").put("type", "string");
    switch (param.kind) {
      case DATE -> schema.put("format", "date");
      case INTERVAL -> {
        schema.put("default", Interval.HOUR.wireName);
        ArrayNode values = schema.putArray("enum");
        Interval.wireNames().forEach(values::add);
      }
      case TEXT -> schema.put("maxLength", Param.MAX_TEXT_LENGTH);
    }
    return p;
  }

  private void response(
      ObjectNode responses, String status, String description, ObjectNode schema) {
    responses.putObject(status)
        .put("description", description)
        .putObject("content")
        .putObject("application/json")
        .set("schema", schema);
  }

  private ObjectNode schemas() {
    ObjectNode schemas = mapper.createObjectNode();
    ObjectNode aht = object(schemas, "AhtPoint", "skill", "avg_handle_time",
        "conversation_count", "timestamp");
    property(aht, "skill", "string", null, "Skill id.");
    property(aht, "avg_handle_time", "number", "double",
        "Seconds: total handle time over handled conversations (weighted, not a mean of means);"
            + " null when none were handled.").put("nullable", true);
    property(aht, "conversation_count", "integer", "int64", "Handled conversations.");
    property(aht, "timestamp", "string", "date-time", "Start of the UTC bucket.");

    ObjectNode kpi = object(schemas, "KpiDailyRow", "report_date", "queue_id", "media_type");
    kpi.put("additionalProperties", true);
    property(kpi, "report_date", "string", "date", "UTC day.");
    property(kpi, "queue_id", "string", null, null);
    property(kpi, "queue_name", "string", null,
        "The queue's name from the queues dimension; null where the job read none.")
        .put("nullable", true);
    property(kpi, "media_type", "string", null, null);
    for (String count : new String[] {"interaction_volume", "sla_breaches_120s", "offered",
        "answered", "abandoned", "transfers", "system_latency_ms", "repeat_contact_fcr"}) {
      property(kpi, count, "integer", "int64", null);
    }
    for (String seconds : new String[] {"weighted_effective_handle_time", "avg_queue_wait",
        "aht"}) {
      property(kpi, seconds, "number", "double", "Seconds; null without conversations.")
          .put("nullable", true);
    }
    for (String rate : new String[] {"first_contact_resolution_rate", "abandon_rate",
        "service_level"}) {
      property(kpi, rate, "number", "double", "Fraction 0..1; null without conversations.")
          .put("nullable", true);
    }

    ObjectNode health = object(schemas, "Health", "status");
    property(health, "status", "string", null, null).putArray("enum").add("ok").add("unavailable");
    property(health, "error", "string", null, "Why the database is unavailable.");

    ObjectNode error = object(schemas, "Error", "error");
    property(error, "error", "string", null, "What is wrong, for people.");
    property(error, "parameter", "string", null, "The query parameter at fault, if there is one.");
    return schemas;
  }

  private ObjectNode object(ObjectNode schemas, String name, String... required) {
    ObjectNode schema = schemas.putObject(name).put("type", "object");
    ArrayNode list = schema.putArray("required");
    for (String r : required) {
      list.add(r);
    }
    schema.putObject("properties");
    return schema;
  }

  private ObjectNode property(
      ObjectNode schema, String name, String type, String format, String description) {
    ObjectNode p = ((ObjectNode) schema.get("properties")).putObject(name).put("type", type);
    if (format != null) {
      p.put("format", format);
    }
    if (description != null) {
      p.put("description", description);
    }
    return p;
  }

  private ObjectNode arrayOf(String itemRef) {
    ObjectNode array = mapper.createObjectNode().put("type", "array");
    array.set("items", ref(itemRef));
    return array;
  }

  private ObjectNode ref(String ref) {
    return mapper.createObjectNode().put("$ref", ref);
  }

  private static String camelCase(String constant) {
    StringBuilder out = new StringBuilder();
    for (String word : constant.toLowerCase().split("_")) {
      out.append(
          out.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return out.toString();
  }
}
