package io.gckpi.pipeline.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.model.ConversationJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The nOffered events of a conversation, as the aggregates API counts them: each acd session's
 * {@code nOffered} metric at its own {@code emitDate}, for that session's queue and media type.
 * Reading the emit date from the record itself is what makes the comparison with the aggregates
 * API exact: both sides bucket the same instant.
 *
 * <p>The events are read leniently from the raw JSON, not from the typed conversation: Genesys
 * counts every conversation it holds, including those gckpi dead-letters (a conversation with a
 * malformed start date still has well-formed metrics), so the extracted side must count them too
 * or every malformed record would look like a lost one.
 */
public final class OfferedEvents {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OfferedEvents() {}

  /** The events of one raw conversation; none when the JSON itself is unreadable. */
  public static List<OfferedBucket> of(String rawJson) {
    JsonNode root;
    try {
      root = MAPPER.readTree(rawJson);
    } catch (Exception e) {
      return List.of();
    }
    List<OfferedBucket> buckets = new ArrayList<>();
    for (JsonNode participant : root.path("participants")) {
      if (!"acd".equals(participant.path("purpose").asText())) {
        continue;
      }
      for (JsonNode session : participant.path("sessions")) {
        String queueId = firstQueueId(session);
        String mediaType = session.path("mediaType").asText(ConversationJson.UNKNOWN);
        for (JsonNode metric : session.path("metrics")) {
          Long emitMs = emitMs(metric);
          if (queueId != null && emitMs != null && "nOffered".equals(metric.path("name").asText())) {
            for (long i = 0; i < metric.path("value").asLong(0); i++) {
              buckets.add(OfferedBucket.of(emitMs, queueId, mediaType));
            }
          }
        }
      }
    }
    return buckets;
  }

  private static Long emitMs(JsonNode metric) {
    try {
      return ConversationJson.parseTimestamp(metric.path("emitDate").asText(null), "emitDate");
    } catch (Exception e) {
      return null;
    }
  }

  private static String firstQueueId(JsonNode session) {
    for (JsonNode segment : session.path("segments")) {
      if (segment.hasNonNull("queueId")) {
        return segment.get("queueId").asText();
      }
    }
    return null;
  }
}
