package io.gckpi.pipeline.detail;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import io.gckpi.transforms.InteractionTimeline;
import io.gckpi.transforms.TimelineBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One conversation detail record as the rows of the five detail tables, in plain Java (the same
 * code runs in the pipeline and in a plain loop).
 *
 * <ul>
 *   <li>Segments are numbered in their session's time order ({@link
 *       TimelineBuilder#orderedSegments}), never in the record's array order, which Genesys does
 *       not keep stable; a segment repeated identically within a session is one row (the
 *       timeline counts it once too), and the repeats are counted in {@link
 *       #repeatedSegments()}. Session metrics are numbered by emit date, name and value.
 *   <li>Keys are Genesys' ids. A participant or session the record gives no id (the API always
 *       does) is keyed by its place instead, {@code <conversationId>/p<i>} and {@code
 *       <participant key>/s<j>}, and an id repeated within one record gets {@code #2}, {@code #3}
 *       on its repeats, so that one odd record can neither lose rows nor collide with itself.
 * </ul>
 */
public final class DetailRecord {
  private static final Comparator<SessionMetric> METRIC_ORDER =
      Comparator.comparingLong(
              (SessionMetric m) -> m.getEmitDateMs() == null ? Long.MIN_VALUE : m.getEmitDateMs())
          .thenComparing(SessionMetric::getName)
          .thenComparingLong(SessionMetric::getValue);

  private final ConversationRow conversation;
  private final List<ParticipantRow> participants = new ArrayList<>();
  private final List<SessionRow> sessions = new ArrayList<>();
  private final List<SegmentRow> segments = new ArrayList<>();
  private final List<SessionMetricRow> sessionMetrics = new ArrayList<>();
  private long segmentsRead;

  private DetailRecord(Conversation c) {
    String conversationId = c.getConversationId();
    conversation =
        ConversationRow.create(
            conversationId,
            new Instant(c.getConversationStartMs()),
            instant(c.getConversationEndMs()),
            c.isOpen() ? InteractionTimeline.OPEN : InteractionTimeline.CLOSED,
            c.getOriginatingDirection(),
            c.getDivisionIds(),
            TimelineBuilder.mediaType(c),
            c.getExternalTag());
    Map<String, Integer> participantIds = new HashMap<>();
    Map<String, Integer> sessionIds = new HashMap<>();
    List<Participant> ps = c.getParticipants();
    for (int p = 0; p < ps.size(); p++) {
      Participant participant = ps.get(p);
      String participantId =
          unique(participant.getParticipantId(), conversationId + "/p" + p, participantIds);
      participants.add(
          ParticipantRow.create(
              participantId,
              conversationId,
              participant.getPurpose(),
              participant.getUserId(),
              participant.getExternalContactId(),
              participant.getParticipantName()));
      List<Session> ss = participant.getSessions();
      for (int s = 0; s < ss.size(); s++) {
        Session session = ss.get(s);
        String sessionId = unique(session.getSessionId(), participantId + "/s" + s, sessionIds);
        sessions.add(
            SessionRow.create(
                sessionId,
                participantId,
                conversationId,
                session.getMediaType(),
                session.getDirection(),
                session.getAni(),
                session.getDnis(),
                session.getPeerId(),
                session.getProvider()));
        addSegments(sessionId, conversationId, session);
        addMetrics(sessionId, conversationId, session);
      }
    }
  }

  /** The rows of {@code conversation}. */
  public static DetailRecord of(Conversation conversation) {
    return new DetailRecord(conversation);
  }

  private void addSegments(String sessionId, String conversationId, Session session) {
    segmentsRead += session.getSegments().size();
    List<Segment> ordered = TimelineBuilder.orderedSegments(session);
    for (int i = 0; i < ordered.size(); i++) {
      Segment g = ordered.get(i);
      Long start = g.getSegmentStartMs();
      Long end = g.getSegmentEndMs();
      segments.add(
          SegmentRow.create(
              sessionId,
              i,
              conversationId,
              g.getSegmentType(),
              instant(start),
              instant(end),
              start == null || end == null ? null : end - start,
              g.getQueueId(),
              g.getWrapUpCode(),
              g.getDisconnectType(),
              g.getConference(),
              g.getRequestedRoutingSkillIds()));
    }
  }

  private void addMetrics(String sessionId, String conversationId, Session session) {
    List<SessionMetric> ordered = new ArrayList<>(session.getMetrics());
    ordered.sort(METRIC_ORDER);
    for (int i = 0; i < ordered.size(); i++) {
      SessionMetric m = ordered.get(i);
      sessionMetrics.add(
          SessionMetricRow.create(
              sessionId, i, conversationId, m.getName(), m.getValue(),
              instant(m.getEmitDateMs())));
    }
  }

  /** The record's id, else {@code fallback}; {@code #n} on the n-th use within the record. */
  private static String unique(@Nullable String id, String fallback, Map<String, Integer> seen) {
    String key = id == null || id.isEmpty() ? fallback : id;
    int uses = seen.merge(key, 1, Integer::sum);
    return uses == 1 ? key : key + "#" + uses;
  }

  private static @Nullable Instant instant(@Nullable Long epochMs) {
    return epochMs == null ? null : new Instant(epochMs);
  }

  public ConversationRow conversation() {
    return conversation;
  }

  public List<ParticipantRow> participants() {
    return participants;
  }

  public List<SessionRow> sessions() {
    return sessions;
  }

  public List<SegmentRow> segments() {
    return segments;
  }

  public List<SessionMetricRow> sessionMetrics() {
    return sessionMetrics;
  }

  /** Segments in the record, repeats included: {@code segments().size() + repeatedSegments()}. */
  public long segmentsRead() {
    return segmentsRead;
  }

  /** Identical copies of a segment within its session, beyond the first: one row each. */
  public long repeatedSegments() {
    return segmentsRead - segments.size();
  }
}
