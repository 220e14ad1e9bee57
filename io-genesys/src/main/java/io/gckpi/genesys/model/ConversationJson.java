package io.gckpi.genesys.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Converts between Genesys' conversation detail JSON and {@link Conversation}.
 *
 * <p>Parsing is strict where a wrong value would silently change a KPI (ids, timestamps: a date
 * such as {@code 2021-04-2T15:30:51Z} is rejected, not guessed) and lenient where Genesys evolves
 * (unknown fields are ignored; enum values this project does not know become {@code "unknown"}).
 */
public final class ConversationJson {
  public static final String UNKNOWN = "unknown";

  static final Set<String> PURPOSES =
      Set.of(
          "customer", "external", "acd", "agent", "user", "ivr", "workflow", "voicemail",
          "station", "api", "dialer", "inbound", "outbound", "campaign", "group", "fax", "manual",
          "botflow", "routing");
  static final Set<String> MEDIA_TYPES =
      Set.of(
          "voice", "callback", "chat", "email", "message", "cobrowse", "video", "screenshare",
          "unknown");
  static final Set<String> SEGMENT_TYPES =
      Set.of(
          "alert", "barging", "callback", "coBrowse", "contacting", "converting", "delay",
          "dialing", "hold", "interact", "ivr", "monitoring", "parked", "scheduled", "sharing",
          "skipped", "system", "transmitting", "uploading", "voicemail", "wrapup");
  static final Set<String> DISCONNECT_TYPES =
      Set.of(
          "client", "conferenceTransfer", "consultTransfer", "endpoint", "error",
          "forwardTransfer", "noAnswerTransfer", "notAvailableTransfer", "other", "peer", "spam",
          "system", "timeout", "transfer", "transportFailure", "uncallable");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ConversationJson() {}

  /** Parses one conversation object (raw JSON text) into the typed model. */
  public static Conversation parse(String rawJson) throws MalformedConversationException {
    JsonNode root;
    try {
      root = MAPPER.readTree(rawJson);
    } catch (JsonProcessingException e) {
      throw new MalformedConversationException(
          MalformedConversationException.INVALID_JSON, e.getOriginalMessage());
    }
    return parse(root);
  }

  /** Parses one conversation object (already a JSON tree) into the typed model. */
  public static Conversation parse(JsonNode root) throws MalformedConversationException {
    if (root == null || !root.isObject()) {
      throw new MalformedConversationException(
          MalformedConversationException.INVALID_JSON, "a conversation must be a JSON object");
    }
    String id = text(root, "conversationId");
    if (id == null || id.isBlank()) {
      throw new MalformedConversationException(
          MalformedConversationException.MISSING_CONVERSATION_ID, "conversationId is missing");
    }
    Long start = timestamp(root, "conversationStart", "conversationStart");
    if (start == null) {
      throw new MalformedConversationException(
          MalformedConversationException.MISSING_CONVERSATION_START,
          "conversationStart is missing");
    }
    List<Participant> participants = new ArrayList<>();
    JsonNode ps = root.path("participants");
    for (int p = 0; p < ps.size(); p++) {
      participants.add(participant(ps.get(p), "participants[" + p + "]"));
    }
    return Conversation.builder()
        .setConversationId(id)
        .setConversationStartMs(start)
        .setConversationEndMs(timestamp(root, "conversationEnd", "conversationEnd"))
        .setOriginatingDirection(text(root, "originatingDirection"))
        .setDivisionIds(strings(root.path("divisionIds")))
        .setExternalTag(text(root, "externalTag"))
        .setParticipants(participants)
        .build();
  }

  private static Participant participant(JsonNode node, String path)
      throws MalformedConversationException {
    List<Session> sessions = new ArrayList<>();
    JsonNode ss = node.path("sessions");
    for (int s = 0; s < ss.size(); s++) {
      sessions.add(session(ss.get(s), path + ".sessions[" + s + "]"));
    }
    return Participant.builder()
        .setParticipantId(text(node, "participantId"))
        .setParticipantName(text(node, "participantName"))
        .setPurpose(known(text(node, "purpose"), PURPOSES))
        .setUserId(text(node, "userId"))
        .setExternalContactId(text(node, "externalContactId"))
        .setSessions(sessions)
        .build();
  }

  private static Session session(JsonNode node, String path)
      throws MalformedConversationException {
    List<SessionMetric> metrics = new ArrayList<>();
    JsonNode ms = node.path("metrics");
    for (int m = 0; m < ms.size(); m++) {
      JsonNode metric = ms.get(m);
      String name = text(metric, "name");
      if (name == null || !metric.path("value").isNumber()) {
        continue; // a metric without a name or number carries nothing we can use
      }
      metrics.add(
          SessionMetric.of(
              name,
              metric.path("value").asLong(),
              timestamp(metric, "emitDate", path + ".metrics[" + m + "].emitDate")));
    }
    List<Segment> segments = new ArrayList<>();
    JsonNode sg = node.path("segments");
    for (int g = 0; g < sg.size(); g++) {
      segments.add(segment(sg.get(g), path + ".segments[" + g + "]"));
    }
    return Session.builder()
        .setSessionId(text(node, "sessionId"))
        .setMediaType(known(text(node, "mediaType"), MEDIA_TYPES))
        .setDirection(text(node, "direction"))
        .setAni(text(node, "ani"))
        .setDnis(text(node, "dnis"))
        .setPeerId(text(node, "peerId"))
        .setProvider(text(node, "provider"))
        .setSelectedAgentId(text(node, "selectedAgentId"))
        .setRequestedRoutings(strings(node.path("requestedRoutings")))
        .setMetrics(metrics)
        .setSegments(segments)
        .build();
  }

  private static Segment segment(JsonNode node, String path)
      throws MalformedConversationException {
    String disconnect = text(node, "disconnectType");
    return Segment.builder()
        .setSegmentStartMs(timestamp(node, "segmentStart", path + ".segmentStart"))
        .setSegmentEndMs(timestamp(node, "segmentEnd", path + ".segmentEnd"))
        .setSegmentType(known(text(node, "segmentType"), SEGMENT_TYPES))
        .setQueueId(text(node, "queueId"))
        .setWrapUpCode(text(node, "wrapUpCode"))
        .setDisconnectType(disconnect == null ? null : known(disconnect, DISCONNECT_TYPES))
        .setConference(node.path("conference").asBoolean(false))
        .setRequestedRoutingSkillIds(strings(node.path("requestedRoutingSkillIds")))
        .build();
  }

  /** Writes the typed model back as Genesys JSON (timestamps as ISO-8601 UTC with millis). */
  public static ObjectNode toJson(Conversation c) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("conversationId", c.getConversationId());
    root.put("conversationStart", formatTimestamp(c.getConversationStartMs()));
    if (c.getConversationEndMs() != null) {
      root.put("conversationEnd", formatTimestamp(c.getConversationEndMs()));
    }
    putIfPresent(root, "originatingDirection", c.getOriginatingDirection());
    putStrings(root, "divisionIds", c.getDivisionIds());
    putIfPresent(root, "externalTag", c.getExternalTag());
    ArrayNode participants = root.putArray("participants");
    for (Participant p : c.getParticipants()) {
      ObjectNode pn = participants.addObject();
      putIfPresent(pn, "participantId", p.getParticipantId());
      putIfPresent(pn, "participantName", p.getParticipantName());
      pn.put("purpose", p.getPurpose());
      putIfPresent(pn, "userId", p.getUserId());
      putIfPresent(pn, "externalContactId", p.getExternalContactId());
      ArrayNode sessions = pn.putArray("sessions");
      for (Session s : p.getSessions()) {
        ObjectNode sn = sessions.addObject();
        putIfPresent(sn, "sessionId", s.getSessionId());
        sn.put("mediaType", s.getMediaType());
        putIfPresent(sn, "direction", s.getDirection());
        putIfPresent(sn, "ani", s.getAni());
        putIfPresent(sn, "dnis", s.getDnis());
        putIfPresent(sn, "peerId", s.getPeerId());
        putIfPresent(sn, "provider", s.getProvider());
        putIfPresent(sn, "selectedAgentId", s.getSelectedAgentId());
        if (!s.getRequestedRoutings().isEmpty()) {
          putStrings(sn, "requestedRoutings", s.getRequestedRoutings());
        }
        if (!s.getMetrics().isEmpty()) {
          ArrayNode metrics = sn.putArray("metrics");
          for (SessionMetric m : s.getMetrics()) {
            ObjectNode mn = metrics.addObject();
            mn.put("name", m.getName());
            mn.put("value", m.getValue());
            if (m.getEmitDateMs() != null) {
              mn.put("emitDate", formatTimestamp(m.getEmitDateMs()));
            }
          }
        }
        ArrayNode segments = sn.putArray("segments");
        for (Segment g : s.getSegments()) {
          ObjectNode gn = segments.addObject();
          if (g.getSegmentStartMs() != null) {
            gn.put("segmentStart", formatTimestamp(g.getSegmentStartMs()));
          }
          if (g.getSegmentEndMs() != null) {
            gn.put("segmentEnd", formatTimestamp(g.getSegmentEndMs()));
          }
          gn.put("segmentType", g.getSegmentType());
          putIfPresent(gn, "queueId", g.getQueueId());
          putIfPresent(gn, "wrapUpCode", g.getWrapUpCode());
          putIfPresent(gn, "disconnectType", g.getDisconnectType());
          if (g.getConference()) {
            gn.put("conference", true);
          }
          if (!g.getRequestedRoutingSkillIds().isEmpty()) {
            putStrings(gn, "requestedRoutingSkillIds", g.getRequestedRoutingSkillIds());
          }
        }
      }
    }
    return root;
  }

  /** {@link #toJson} as compact text. */
  public static String write(Conversation c) {
    return toJson(c).toString();
  }

  /** Formats epoch milliseconds the way Genesys does: {@code 2024-01-15T08:00:00.000Z}. */
  public static String formatTimestamp(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  /**
   * Parses an ISO-8601 UTC timestamp strictly (two-digit month and day, offset required).
   *
   * @throws MalformedConversationException BAD_TIMESTAMP naming {@code path}
   */
  public static long parseTimestamp(String value, String path)
      throws MalformedConversationException {
    try {
      return IsoTimestamps.toEpochMilli(value);
    } catch (DateTimeParseException e) {
      throw new MalformedConversationException(
          MalformedConversationException.BAD_TIMESTAMP, path + " is not ISO-8601: " + value);
    }
  }

  private static @Nullable Long timestamp(JsonNode node, String field, String path)
      throws MalformedConversationException {
    String value = text(node, field);
    return value == null ? null : parseTimestamp(value, path);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String known(@Nullable String value, Set<String> known) {
    return value != null && known.contains(value) ? value : UNKNOWN;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>(array.size());
    for (JsonNode item : array) {
      if (!item.isNull()) {
        out.add(item.asText());
      }
    }
    return out;
  }

  private static void putIfPresent(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putStrings(ObjectNode node, String field, List<String> values) {
    ArrayNode array = node.putArray(field);
    values.forEach(array::add);
  }
}
