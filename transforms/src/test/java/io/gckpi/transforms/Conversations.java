package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built conversations for rule tests: times are seconds after 2024-01-15T10:00:00Z, so the
 * expected numbers can be worked out by hand in each test.
 */
final class Conversations {
  static final long T0 = 1_705_312_800_000L; // 2024-01-15T10:00:00Z

  private final String id;
  private final List<Participant> participants = new ArrayList<>();
  private Long endMs;
  private long startMs = T0;

  private Conversations(String id) {
    this.id = id;
  }

  static Conversations conversation(String id) {
    return new Conversations(id);
  }

  static long ms(double seconds) {
    return T0 + Math.round(seconds * 1000);
  }

  static Segment segment(String type, double from, double to, String disconnect) {
    return running(type, from).toBuilder().setSegmentEndMs(ms(to)).setDisconnectType(disconnect)
        .build();
  }

  /** A segment still running: no end yet. */
  static Segment running(String type, double from) {
    return Segment.builder()
        .setSegmentStartMs(ms(from))
        .setSegmentEndMs(null)
        .setSegmentType(type)
        .setQueueId(null)
        .setWrapUpCode(null)
        .setDisconnectType(null)
        .setConference(false)
        .setRequestedRoutingSkillIds(List.of())
        .build();
  }

  static Segment segment(String type, double from, double to) {
    return segment(type, from, to, null);
  }

  static Segment acd(String queueId, double from, double to, String disconnect) {
    return segment("interact", from, to, disconnect).toBuilder().setQueueId(queueId).build();
  }

  static Segment wrapup(String code, double from, double to) {
    return segment("wrapup", from, to).toBuilder().setWrapUpCode(code).build();
  }

  static Segment conference(Segment segment) {
    return segment.toBuilder().setConference(true).build();
  }

  static Segment conferenceHold(double from, double to) {
    return segment("hold", from, to).toBuilder().setConference(true).build();
  }

  Conversations customer(String media, Segment... segments) {
    return participant("customer", null, media, List.of(), segments);
  }

  Conversations acdLeg(String media, Segment... segments) {
    return participant("acd", null, media, List.of(), segments);
  }

  Conversations agent(String userId, String media, Segment... segments) {
    return participant("agent", userId, media, List.of(), segments);
  }

  /** A handler outside ACD routing: calls the agent places, direct calls, consults. */
  Conversations user(String userId, String media, Segment... segments) {
    return participant("user", userId, media, List.of(), segments);
  }

  /** A caller recorded as purpose external (inbound callers often are, outbound far ends too). */
  Conversations external(String media, Segment... segments) {
    return participant("external", null, media, List.of(), segments);
  }

  /** A participant with several sessions, each built by {@link #session}. */
  Conversations withSessions(String purpose, String userId, Session... sessions) {
    participants.add(
        Participant.builder()
            .setParticipantId(purpose + participants.size())
            .setParticipantName(null)
            .setPurpose(purpose)
            .setUserId(userId)
            .setExternalContactId(null)
            .setSessions(List.of(sessions))
            .build());
    return this;
  }

  /** One session of {@link #withSessions}: its id, media, Genesys metrics and segments. */
  static Session session(
      String sessionId, String media, List<SessionMetric> metrics, Segment... segments) {
    return session(sessionId, media, null, metrics, segments);
  }

  private static Session session(
      String sessionId, String media, String ani, List<SessionMetric> metrics,
      Segment... segments) {
    return Session.builder()
        .setSessionId(sessionId)
        .setMediaType(media)
        .setDirection("inbound")
        .setAni(ani)
        .setDnis(null)
        .setPeerId(null)
        .setSelectedAgentId(null)
        .setRequestedRoutings(List.of())
        .setMetrics(metrics)
        .setSegments(List.of(segments))
        .build();
  }

  /** The conversation starts this many seconds after T0 (segments keep their own times). */
  Conversations startsAt(double seconds) {
    this.startMs = ms(seconds);
    return this;
  }

  Conversations agentWithMetrics(
      String userId, String media, List<SessionMetric> metrics, Segment... segments) {
    return participant("agent", userId, media, metrics, segments);
  }

  Conversations endsAt(double seconds) {
    this.endMs = ms(seconds);
    return this;
  }

  private Conversations participant(
      String purpose, String userId, String media, List<SessionMetric> metrics,
      Segment... segments) {
    boolean caller = purpose.equals("customer") || purpose.equals("external");
    return withSessions(purpose, userId,
        session(purpose + "-session-" + participants.size(), media, caller ? "tel:+15550001111"
            : null, metrics, segments));
  }

  Conversation build() {
    return Conversation.builder()
        .setConversationId(id)
        .setConversationStartMs(startMs)
        .setConversationEndMs(endMs)
        .setOriginatingDirection("inbound")
        .setDivisionIds(List.of())
        .setParticipants(List.copyOf(participants))
        .build();
  }
}
