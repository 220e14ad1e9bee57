package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a conversation looks different on a first fetch than after Genesys reprocessed it, for the
 * faults that change data between fetches. Public so that tests can work out what a run that got
 * the first version must hold, independently of the pipeline.
 */
public final class ConversationChanges {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> HANDLERS = Set.of("agent", "user");
  private static final Set<String> CALLERS = Set.of("customer", "external");

  private ConversationChanges() {}

  /**
   * The first-fetch version of {@code resegment}: the first closed interact of the first handler
   * session split at its midpoint into two interact segments (the first without a disconnect
   * type), and the caller's first session without its last segment. The final version so has one
   * segment fewer on that handler session and one more on the caller's; talk, holds, wrap-up,
   * transfers and every other KPI are the same in both. Null when the conversation is open or has
   * no such handler talk or caller segment.
   */
  public static @Nullable String resegmented(String finalJson) {
    ObjectNode root;
    try {
      root = (ObjectNode) MAPPER.readTree(finalJson);
    } catch (Exception e) {
      return null;
    }
    if (!root.hasNonNull("conversationEnd")) {
      return null;
    }
    ArrayNode handlerSegments = null;
    int split = -1;
    ArrayNode callerSegments = null;
    for (JsonNode participant : root.path("participants")) {
      String purpose = participant.path("purpose").asText();
      for (JsonNode session : participant.path("sessions")) {
        JsonNode segments = session.path("segments");
        if (!segments.isArray()) {
          continue;
        }
        if (handlerSegments == null && HANDLERS.contains(purpose)) {
          for (int i = 0; i < segments.size() && split < 0; i++) {
            JsonNode g = segments.get(i);
            if ("interact".equals(g.path("segmentType").asText()) && g.hasNonNull("segmentStart")
                && g.hasNonNull("segmentEnd") && millis(g, "segmentEnd") - millis(g, "segmentStart")
                >= 2) {
              handlerSegments = (ArrayNode) segments;
              split = i;
            }
          }
        }
        if (callerSegments == null && CALLERS.contains(purpose) && segments.size() > 0) {
          callerSegments = (ArrayNode) segments;
        }
      }
    }
    if (handlerSegments == null || callerSegments == null) {
      return null;
    }
    ObjectNode second = (ObjectNode) handlerSegments.get(split);
    long start = millis(second, "segmentStart");
    String mid = Instant.ofEpochMilli(start + (millis(second, "segmentEnd") - start) / 2)
        .toString();
    ObjectNode first = second.deepCopy();
    first.put("segmentEnd", mid);
    first.remove("disconnectType");
    second.put("segmentStart", mid);
    handlerSegments.insert(split, first);
    callerSegments.remove(callerSegments.size() - 1);
    return root.toString();
  }

  private static long millis(JsonNode segment, String field) {
    return Instant.parse(segment.get(field).asText()).toEpochMilli();
  }
}
